import { z } from "zod";
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
  schema: z.object({
    student_number: field.text(),
    course_code: field.text(),
    course_name: field.text().nullable(),
    academic_year: field.integer().nullable(),
    block: field.text().nullable(),
    credits: field.decimal().nullable(),
    grade: field.text().nullable(),
    result_on: field.date("%d-%m-%Y"),
    status: field.text().nullable(),
  }),
});
