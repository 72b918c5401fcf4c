import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/**
 * Ladok's student report: one row per student in an extract. Extracts are taken repeatedly, so a
 * student appears once per file; between two files an interim (T-)number may be replaced by the
 * personnummer. Interim numbers are valid only with the issuing institution (config interimIssuer).
 */
export const ladokStudents = defineContract({
  source: "ladok",
  entity: "students",
  description:
    "One row per student and Ladok extract: Ladok UID, personnummer (or interim number), name, birth date, e-mail, first registration.",
  schema: z.object({
    ladok_uid: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    sex: field.text().nullable(),
    email: field.text({ pii: true }).nullable(),
    first_registered_on: field.date().nullable(),
  }),
});
