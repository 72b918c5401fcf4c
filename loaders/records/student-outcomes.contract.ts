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
  required: ["student_key", "programme_code", "outcome"],
  columns: {
    student_key: field.text(),
    programme_code: field.text(),
    intake: field.text(),
    study_mode: field.text(),
    application_route: field.text(),
    application_priority: field.integer(),
    prior_education: field.text(),
    prior_education_grade: field.decimal(),
    entry_grade: field.decimal(),
    gender: field.text(),
    age_at_entry: field.integer(),
    age_band: field.text(),
    nationality: field.text(),
    international: field.boolean(),
    region: field.text(),
    deprivation_band: field.text(),
    disability: field.boolean(),
    special_needs: field.boolean(),
    displaced: field.boolean(),
    scholarship: field.boolean(),
    debtor: field.boolean(),
    fees_up_to_date: field.boolean(),
    previous_attempts: field.integer(),
    credits_registered: field.decimal(),
    term1_units_credited: field.integer(),
    term1_units_registered: field.integer(),
    term1_units_evaluated: field.integer(),
    term1_units_passed: field.integer(),
    term1_units_without_evaluation: field.integer(),
    term1_grade_mean: field.decimal(),
    term2_units_credited: field.integer(),
    term2_units_registered: field.integer(),
    term2_units_evaluated: field.integer(),
    term2_units_passed: field.integer(),
    term2_units_without_evaluation: field.integer(),
    term2_grade_mean: field.decimal(),
    outcome: field.oneOf(OUTCOMES),
  },
});
