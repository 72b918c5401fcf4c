import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Osiris: one row per diploma (propedeuse, bachelor) awarded, with BSN where known. */
export const osirisDiplomas = defineContract({
  source: "osiris",
  entity: "diplomas",
  description: "One row per diploma: student number, BSN, name, CROHO programme, exam type, exam date, EC.",
  schema: z.object({
    student_number: field.text(),
    bsn: field.text({ pii: true, nationalId: "nl" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    name_prefix: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    croho_code: field.text().nullable(),
    programme_name: field.text().nullable(),
    exam_type: field.text(),
    exam_date: field.date("%d-%m-%Y").nullable(),
    credits: field.decimal().nullable(),
  }),
});
