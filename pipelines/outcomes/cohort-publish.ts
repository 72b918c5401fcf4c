import { definePublishTable, type PublishSpec } from "../disclosure/index.ts";
import { metric } from "../metrics/registry.ts";

/** The breakdowns of the Cohorts page, each published as its own table of programme x intake x group. */
export const COHORT_BREAKDOWNS = {
  prior_education: "prior education (selection group)",
  application_route: "application route (national or international round)",
  open_day_attended: "open-day attendance before the start",
  family_studied_here: "a family member who studied here",
} as const;

export type CohortBreakdown = keyof typeof COHORT_BREAKDOWNS;

const RATES = [
  "progression",
  "study_break",
  "graduation_nominal",
  "graduation_nominal_plus_1",
  "dropout",
] as const;

/**
 * The published metrics with an observation window in the metric registry: while it is open for an intake
 * (mart_cohort_outcomes.<metric>_status 'not_yet_observable'), their figures are NULL beside that status, never 0.
 * The status is the intake's, so every margin (over programmes and over groups) shares it.
 */
const WINDOWED = [...RATES, "first_year_credits"].filter((m) => metric(m).window !== undefined);

const statusMeasures = (m: string) =>
  m === "first_year_credits" ? ["year_one_students", "first_year_credits"] : [`${m}_num`, `${m}_den`, m];

/**
 * One cohort table broken down by `breakdown`. Every count declares a population shared by the four tables, so
 * the programme x intake totals they all publish are one cell to secondary suppression, not four that could
 * give each other away; the group column is named after the breakdown so that only those totals coincide.
 * The weighted mean adds its DOUBLEs in ascending order (ordered_sum, macros.sql), so it is the same on every run.
 */
export function cohortTable(breakdown: CohortBreakdown): PublishSpec {
  const group =
    breakdown === "open_day_attended" || breakdown === "family_studied_here"
      ? `CASE WHEN ${breakdown} THEN 'yes' ELSE 'no' END`
      : breakdown;
  return definePublishTable({
    name: `pub_cohorts_by_${breakdown}`,
    grain: `one row per intake x programme x ${COHORT_BREAKDOWNS[breakdown]} (and totals over programmes and over groups): students who started and their outcomes, after disclosure control`,
    source: `SELECT intake, programme_code, ${group} AS ${breakdown},
                    sum(students) AS students, sum(year_one_students) AS year_one_students,
                    ordered_sum(first_year_credits_mean * year_one_students)
                      / nullif(sum(year_one_students), 0) AS first_year_credits_mean,
                    ${RATES.map((r) => `sum(${r}_num) AS ${r}_num, sum(${r}_den) AS ${r}_den`).join(",\n                    ")},
                    ${WINDOWED.map((w) => `${w}_status`).join(", ")}
               FROM marts.mart_cohort_outcomes
              GROUP BY ALL`,
    dimensions: ["intake", "programme_code", breakdown],
    margins: [["intake", "programme_code"], ["intake", breakdown], ["intake"]],
    totals: "sum",
    measures: [
      { kind: "count", column: "students", population: "cohort_students" },
      { kind: "count", column: "year_one_students", population: "cohort_year_one_students" },
      {
        kind: "mean",
        name: "first_year_credits",
        value: "first_year_credits_mean",
        persons: "year_one_students",
        population: "cohort_first_year_credits",
        // course credits come in steps of 1.5 hp (a week of full-time study)
        unit: 1.5,
      },
      ...RATES.flatMap((r) => [
        { kind: "count" as const, column: `${r}_num`, population: `cohort_${r}_num` },
        { kind: "count" as const, column: `${r}_den`, population: `cohort_${r}_den` },
        { kind: "rate" as const, name: r, numerator: `${r}_num`, denominator: `${r}_den` },
      ]),
    ],
    status: WINDOWED.map((m) => ({ column: `${m}_status`, measures: statusMeasures(m) })),
  });
}
