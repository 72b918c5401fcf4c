import { defineContract, field } from "../contract.ts";

/**
 * One row per student and assessment (exam, assignment, module result) with its score or grade.
 * Timing is a date, or a day offset from the course start where the source gives that (OULAD).
 */
export const assessmentResults = defineContract({
  source: "records",
  entity: "assessment_results",
  description: "One row per student and assessment: when it was submitted, its score or grade.",
  required: ["student_key", "assessment_id"],
  columns: {
    student_key: field.text(),
    assessment_id: field.text(),
    course_code: field.text(),
    term: field.text(),
    submitted_on: field.date(),
    submitted_day: field.integer(),
    banked: field.boolean(),
    score: field.decimal(),
    grade: field.text(),
  },
});
