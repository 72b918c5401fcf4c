import { defineContract, field } from "../contract.ts";

/**
 * An institution / school catalogue for schools of origin (the Swedish skolenhetsregister, the Dutch
 * BRIN / vestiging lists, another country's school register): codes as the admissions files write them.
 */
export const schoolCatalogue = defineContract({
  source: "catalogue",
  entity: "schools",
  description: "One row per school or institution: code, name, type, municipality, country.",
  required: ["school_code"],
  columns: {
    school_code: field.text(),
    school_name: field.text(),
    school_type: field.text(),
    municipality: field.text(),
    country: field.text(),
  },
});
