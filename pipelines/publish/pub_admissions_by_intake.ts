import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Admissions per intake and programme: admit rate, acceptance yield, yield and melt with their counts.
 * Without an enrolment source, enrolled, melted, yield and melt are no data (enrolment_status 'no_source'); before
 * the intake's census they are not yet observable (enrolment_status 'not_yet_observable').
 */
export default definePublishTable({
  name: "pub_admissions_by_intake",
  grain: "one row per intake x programme (and the total over programmes), persons after disclosure control",
  source: `SELECT intake, programme_code, evaluated, admitted, accepted, enrolled, melted, enrolment_status
             FROM marts.mart_admissions_by_cohort
            WHERE programme_code <> 'all' AND intake IS NOT NULL`,
  dimensions: ["intake", "programme_code"],
  margins: [["intake"]],
  totals: "sum",
  measures: [
    ...counts("evaluated", "admitted", "accepted", "enrolled", "melted"),
    { kind: "rate", name: "admit_rate", numerator: "admitted", denominator: "evaluated" },
    { kind: "rate", name: "acceptance_yield", numerator: "accepted", denominator: "admitted" },
    { kind: "rate", name: "yield", numerator: "enrolled", denominator: "admitted" },
    { kind: "rate", name: "melt", numerator: "melted", denominator: "accepted" },
  ],
  status: { column: "enrolment_status", measures: ["enrolled", "melted", "yield", "melt"] },
});
