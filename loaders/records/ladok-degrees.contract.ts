import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Ladok: one row per degree certificate issued, with the programme and credits behind it. */
export const ladokDegrees = defineContract({
  source: "ladok",
  entity: "degrees",
  description:
    "One row per degree issued: Ladok UID, personnummer, name, degree and its code, programme, date, credits (hp).",
  schema: z.object({
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    degree_name: field.text().nullable(),
    degree_code: field.text(),
    programme_code: field.text().nullable(),
    degree_date: field.date().nullable(),
    credits: field.decimal().nullable(),
  }),
});
