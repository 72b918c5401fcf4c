import { definePublishTable } from "../disclosure/index.ts";

/**
 * How many of the students who started have a known school of origin, per intake and application route: what the
 * school tables rest on. The students are the cohort tables' own cells (population cohort_students, the dimension
 * named application_route as there), so secondary suppression sees one cell, not two that could give each other
 * away; the share is computed from the rounded counts like every published rate.
 */
export default definePublishTable({
  name: "pub_school_coverage",
  grain:
    "one row per intake x application route (and per intake): students who started, those with a known school of origin, and their share, after disclosure control",
  source: "SELECT intake, application_route, students, students_with_school FROM marts.mart_school_coverage",
  dimensions: ["intake", "application_route"],
  margins: [["intake"]],
  totals: "sum",
  measures: [
    { kind: "count", column: "students", population: "cohort_students" },
    { kind: "count", column: "students_with_school", population: "cohort_students_with_school" },
    { kind: "rate", name: "school_known", numerator: "students_with_school", denominator: "students" },
  ],
});
