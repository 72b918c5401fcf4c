import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Ladok: one row per course result: grade on its scale, credits earned (0 when failed), date. */
export const ladokResults = defineContract({
  source: "ladok",
  entity: "results",
  description:
    "One row per course result: Ladok UID, personnummer, course, term, grade, grading scale, credits earned (hp), examination date.",
  schema: z.object({
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    course_code: field.text(),
    term: field.text().nullable(),
    grade: field.text().nullable(),
    grading_scale: field.text().nullable(),
    credits: field.decimal().nullable(),
    examined_on: field.date(),
  }),
});
