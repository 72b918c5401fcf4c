import { defineContract, field } from "../contract.ts";

/** A programme catalogue: what a programme code means, so pages show names where a catalogue has them. */
export const programmeCatalogue = defineContract({
  source: "catalogue",
  entity: "programmes",
  description:
    "One row per programme: code, name, institution, level, language, credits and nominal length in years.",
  required: ["programme_code"],
  columns: {
    programme_code: field.text(),
    programme_name: field.text(),
    institution_code: field.text(),
    institution_name: field.text(),
    level: field.text(),
    language: field.text(),
    credits: field.decimal(),
    nominal_length_years: field.decimal(),
  },
});
