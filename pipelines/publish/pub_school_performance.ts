import { definePublishTable } from "../disclosure/index.ts";
import { Z95 } from "../metrics/wilson.ts";

/**
 * School-of-origin performance for the forest plot: per school, outcome and adjustment, the students it rests on,
 * the raw difference to the programme-and-cohort mean and the empirical-Bayes estimate with its 95% interval.
 * Only schools with at least outcomes.schoolMinN students reach the mart; school cells need minSchoolCell persons.
 *
 * The sampling variance s2 / n, and with it both intervals and the shrinkage weight, is taken with the published
 * (rounded) students in place of the exact n: s2 is pooled over the schools, so widths or weights computed from
 * the exact n would give every school's exact count away (two schools published as 15 students would show
 * different widths). The mean and the differences are published to a step that depends on the outcome (a 0/1
 * completion or credits in steps of 1.5 hp, rules.ts meanStep); the shrinkage weight rests only on the rounded
 * count and pooled variances, so it needs none.
 */
const outcomeUnit = { by: "outcome", values: { first_year_credits: 1.5, completion: 1 } };

export default definePublishTable({
  name: "pub_school_performance",
  grain:
    "one row per school x outcome (first_year_credits, completion) x adjustment (none, entry_grade), after disclosure control",
  source: `WITH schools AS (
             SELECT school_code, outcome, adjustment, students, mean_outcome, raw_difference,
                    between_variance,
                    raw_se * raw_se * students / nullif(rounded_count(students), 0) AS sampling_variance
               FROM marts.mart_school_performance
           ),
           shrunk AS (
             SELECT *,
                    CASE WHEN between_variance + sampling_variance > 0
                         THEN between_variance / (between_variance + sampling_variance) ELSE 0 END AS shrink_factor
               FROM schools
           )
           SELECT school_code, outcome, adjustment, students, mean_outcome, raw_difference,
                  raw_difference - ${Z95} * sqrt(sampling_variance) AS raw_low,
                  raw_difference + ${Z95} * sqrt(sampling_variance) AS raw_high,
                  shrink_factor,
                  shrink_factor * raw_difference AS estimate,
                  shrink_factor * raw_difference
                    - ${Z95} * sqrt(shrink_factor * sampling_variance) AS estimate_low,
                  shrink_factor * raw_difference
                    + ${Z95} * sqrt(shrink_factor * sampling_variance) AS estimate_high
             FROM shrunk`,
  dimensions: ["school_code", "outcome", "adjustment"],
  schoolOfOrigin: true,
  measures: [
    { kind: "school-count", column: "students" },
    ...[
      "mean_outcome",
      "raw_difference",
      "raw_low",
      "raw_high",
      "shrink_factor",
      "estimate",
      "estimate_low",
      "estimate_high",
    ].map((value) => ({
      kind: "mean" as const,
      name: value,
      value,
      persons: "students",
      unit: value === "shrink_factor" ? 0 : outcomeUnit,
      // interval ends round outward, so a published interval still covers the computed one
      round: value.endsWith("_low")
        ? ("down" as const)
        : value.endsWith("_high")
          ? ("up" as const)
          : undefined,
    })),
  ],
});
