import { defineContract, field } from "../contract.ts";

/** Osiris: one row per diploma (propedeuse, bachelor) awarded, with BSN where known. */
export const osirisDiplomas = defineContract({
  source: "osiris",
  entity: "diplomas",
  description: "One row per diploma: student number, BSN, name, CROHO programme, exam type, exam date, EC.",
  required: ["student_number", "exam_type"],
  columns: {
    student_number: field.text(),
    bsn: field.text({ pii: true, nationalId: "nl" }),
    first_name: field.text({ pii: true }),
    name_prefix: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    croho_code: field.text(),
    programme_name: field.text(),
    exam_type: field.text(),
    exam_date: field.date("%d-%m-%Y"),
    credits: field.decimal(),
  },
});
