import { defineContract, field } from "../contract.ts";

/** Ladok: one row per degree certificate issued, with the programme and credits behind it. */
export const ladokDegrees = defineContract({
  source: "ladok",
  entity: "degrees",
  description:
    "One row per degree issued: Ladok UID, personnummer, name, degree and its code, programme, date, credits (hp).",
  required: ["ladok_uid", "degree_code"],
  columns: {
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }),
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    degree_name: field.text(),
    degree_code: field.text(),
    programme_code: field.text(),
    degree_date: field.date(),
    credits: field.decimal(),
  },
});
