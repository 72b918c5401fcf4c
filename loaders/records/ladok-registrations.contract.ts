import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Ladok: one row per student registration on a course offering in a term, with its credits (hp). */
export const ladokRegistrations = defineContract({
  source: "ladok",
  entity: "registrations",
  description:
    "One row per course registration: Ladok UID, personnummer, programme, course, term, credits (hp), date, registration type.",
  schema: z.object({
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    programme_code: field.text().nullable(),
    course_code: field.text(),
    course_name: field.text().nullable(),
    term: field.text(),
    credits: field.decimal().nullable(),
    registered_on: field.date().nullable(),
    registration_type: field.text().nullable(),
  }),
});
