import { defineContract, field } from "../contract.ts";

/**
 * One row per student registration on a course (module) in a term. Sources give either dates or
 * day offsets from the course start (OULAD: negative = before the start); both are kept as given.
 */
export const courseRegistrations = defineContract({
  source: "records",
  entity: "course_registrations",
  description: "One row per student registration on a course in a term, with its (un)registration timing.",
  required: ["student_key", "course_code"],
  columns: {
    student_key: field.text(),
    course_code: field.text(),
    term: field.text(),
    registered_on: field.date(),
    unregistered_on: field.date(),
    registered_day: field.integer(),
    unregistered_day: field.integer(),
    credits: field.decimal(),
  },
});
