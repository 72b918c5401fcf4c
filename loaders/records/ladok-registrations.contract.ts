import { defineContract, field } from "../contract.ts";

/** Ladok: one row per student registration on a course offering in a term, with its credits (hp). */
export const ladokRegistrations = defineContract({
  source: "ladok",
  entity: "registrations",
  description:
    "One row per course registration: Ladok UID, personnummer, programme, course, term, credits (hp), date, registration type.",
  required: ["ladok_uid", "course_code", "term"],
  columns: {
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }),
    programme_code: field.text(),
    course_code: field.text(),
    course_name: field.text(),
    term: field.text(),
    credits: field.decimal(),
    registered_on: field.date(),
    registration_type: field.text(),
  },
});
