import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** A programme catalogue: what a programme code means, so pages show names where a catalogue has them. */
export const programmeCatalogue = defineContract({
  source: "catalogue",
  entity: "programmes",
  description:
    "One row per programme: code, name, institution, level, language, credits and nominal length in years.",
  schema: z.object({
    programme_code: field.text(),
    programme_name: field.text().nullable(),
    institution_code: field.text().nullable(),
    institution_name: field.text().nullable(),
    level: field.text().nullable(),
    language: field.text().nullable(),
    credits: field.decimal().nullable(),
    nominal_length_years: field.decimal().nullable(),
  }),
});
