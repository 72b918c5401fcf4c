import { definePublishTable } from "../disclosure/index.ts";

/**
 * School-of-origin performance for the forest plot: per school, outcome and adjustment, the students it rests on,
 * the raw difference to the programme-and-cohort mean and the empirical-Bayes estimate with its 95% interval.
 * Only schools with at least outcomes.schoolMinN students reach the mart; school cells need minSchoolCell persons.
 */
export default definePublishTable({
  name: "pub_school_performance",
  grain:
    "one row per school x outcome (first_year_credits, completion) x adjustment (none, entry_grade), after disclosure control",
  source: `SELECT school_code, outcome, adjustment, students, mean_outcome, raw_difference,
                  raw_difference - 1.959963984540054 * raw_se AS raw_low,
                  raw_difference + 1.959963984540054 * raw_se AS raw_high,
                  shrink_factor, estimate, estimate_low, estimate_high
             FROM marts.mart_school_performance`,
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
    ].map((value) => ({ kind: "mean" as const, name: value, value, persons: "students" })),
  ],
});
