import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Ladok: one row per study break (avbrott) on a programme; type as delivered (Tidigt/Sent avbrott). */
export const ladokStudyBreaks = defineContract({
  source: "ladok",
  entity: "study_breaks",
  description:
    "One row per study break: Ladok UID, personnummer, programme, break type (tidigt / sent avbrott), date, term.",
  schema: z.object({
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    programme_code: field.text(),
    break_type: field.text().nullable(),
    break_date: field.date().nullable(),
    term: field.text().nullable(),
  }),
});
