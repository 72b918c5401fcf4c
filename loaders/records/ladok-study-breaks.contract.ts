import { defineContract, field } from "../contract.ts";

/** Ladok: one row per study break (avbrott) on a programme; type as delivered (Tidigt/Sent avbrott). */
export const ladokStudyBreaks = defineContract({
  source: "ladok",
  entity: "study_breaks",
  description:
    "One row per study break: Ladok UID, personnummer, programme, break type (tidigt / sent avbrott), date, term.",
  required: ["ladok_uid", "programme_code"],
  columns: {
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }),
    programme_code: field.text(),
    break_type: field.text(),
    break_date: field.date(),
    term: field.text(),
  },
});
