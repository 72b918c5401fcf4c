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
  required: ["institution_code", "programme_code", "measure", "year", "persons"],
  columns: {
    sector: field.text(),
    province: field.text(),
    municipality_code: field.text(),
    municipality: field.text(),
    institution_code: field.text(),
    institution_name: field.text(),
    field_of_study: field.text(),
    subfield_of_study: field.text(),
    programme_code: field.text(),
    programme_name: field.text(),
    study_form: field.text(),
    level: field.text(),
    gender: field.text(),
    measure: field.oneOf(MEASURES),
    year: field.integer(),
    persons: field.integer(),
  },
});
