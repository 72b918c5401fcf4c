import { defineContract, field } from "../contract.ts";

/**
 * Osiris (Dutch student records): one row per course result. The grade stays text as delivered
 * (1-10 with a decimal comma, or a code such as "NO" for not sat); EC earned is a number.
 */
export const osirisResults = defineContract({
  source: "osiris",
  entity: "results",
  description:
    "One row per course result: student number, course, academic year, block, EC earned, grade, date, status.",
  required: ["student_number", "course_code", "result_on"],
  columns: {
    student_number: field.text(),
    course_code: field.text(),
    course_name: field.text(),
    academic_year: field.integer(),
    block: field.text(),
    credits: field.decimal(),
    grade: field.text(),
    result_on: field.date("%d-%m-%Y"),
    status: field.text(),
  },
});
