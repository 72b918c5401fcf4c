import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** Normalised by each profile's value map, so outcomes compare across institutions and countries. */
export const OUTCOMES = [
  "graduated",
  "dropped_out",
  "enrolled",
  "passed",
  "distinction",
  "failed",
  "withdrawn",
  "transferred",
] as const;

/**
 * One row per student and programme (or module) intake with its outcome: the shape of records
 * extracts and of open research datasets (UCI dropout, OULAD). Codes stay as the source writes them
 * (the UCI file has integer codes); code tables belong in staging, not in raw.
 */
export const studentOutcomes = defineContract({
  source: "records",
  entity: "student_outcomes",
  description:
    "One row per student and programme intake: background at entry, first-year units by term, outcome.",
  schema: z.object({
    student_key: field.text(),
    programme_code: field.text(),
    intake: field.text().nullable(),
    study_mode: field.text().nullable(),
    application_route: field.text().nullable(),
    application_priority: field.integer().nullable(),
    prior_education: field.text().nullable(),
    prior_education_grade: field.decimal().nullable(),
    entry_grade: field.decimal().nullable(),
    gender: field.text().nullable(),
    age_at_entry: field.integer().nullable(),
    age_band: field.text().nullable(),
    nationality: field.text().nullable(),
    international: field.boolean().nullable(),
    region: field.text().nullable(),
    deprivation_band: field.text().nullable(),
    disability: field.boolean().nullable(),
    special_needs: field.boolean().nullable(),
    displaced: field.boolean().nullable(),
    scholarship: field.boolean().nullable(),
    debtor: field.boolean().nullable(),
    fees_up_to_date: field.boolean().nullable(),
    previous_attempts: field.integer().nullable(),
    credits_registered: field.decimal().nullable(),
    term1_units_credited: field.integer().nullable(),
    term1_units_registered: field.integer().nullable(),
    term1_units_evaluated: field.integer().nullable(),
    term1_units_passed: field.integer().nullable(),
    term1_units_without_evaluation: field.integer().nullable(),
    term1_grade_mean: field.decimal().nullable(),
    term2_units_credited: field.integer().nullable(),
    term2_units_registered: field.integer().nullable(),
    term2_units_evaluated: field.integer().nullable(),
    term2_units_passed: field.integer().nullable(),
    term2_units_without_evaluation: field.integer().nullable(),
    term2_grade_mean: field.decimal().nullable(),
    outcome: field.oneOf(OUTCOMES),
  }),
});
