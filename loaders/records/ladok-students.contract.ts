import { defineContract, field, SWEDISH_PERSON } from "../contract.ts";

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
  required: ["ladok_uid"],
  columns: {
    ladok_uid: field.text(),
    ...SWEDISH_PERSON,
    first_registered_on: field.date(),
  },
});
