import { defineContract, field } from "../contract.ts";

/** Ladok: one row per course result: grade on its scale, credits earned (0 when failed), date. */
export const ladokResults = defineContract({
  source: "ladok",
  entity: "results",
  description:
    "One row per course result: Ladok UID, personnummer, course, term, grade, grading scale, credits earned (hp), examination date.",
  required: ["ladok_uid", "course_code", "examined_on"],
  columns: {
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }),
    course_code: field.text(),
    term: field.text(),
    grade: field.text(),
    grading_scale: field.text(),
    credits: field.decimal(),
    examined_on: field.date(),
  },
});
