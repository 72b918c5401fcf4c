import { z } from "zod";
import { defineContract, field } from "../contract.ts";

export const MEASURES = ["enrolments", "first_year_enrolments", "graduates"] as const;

/**
 * Published aggregates (DUO open data): persons per institution, programme, year and measure. No
 * persons, so nothing here is personal data; small counts are as published.
 */
export const programmeCounts = defineContract({
  source: "external",
  entity: "programme_counts",
  description: "Persons per institution, programme, form, gender, year and measure, from open statistics.",
  schema: z.object({
    sector: field.text().nullable(),
    province: field.text().nullable(),
    municipality_code: field.text().nullable(),
    municipality: field.text().nullable(),
    institution_code: field.text(),
    institution_name: field.text().nullable(),
    field_of_study: field.text().nullable(),
    subfield_of_study: field.text().nullable(),
    programme_code: field.text(),
    programme_name: field.text().nullable(),
    study_form: field.text().nullable(),
    level: field.text().nullable(),
    gender: field.text().nullable(),
    measure: field.oneOf(MEASURES),
    year: field.integer(),
    persons: field.integer(),
  }),
});
