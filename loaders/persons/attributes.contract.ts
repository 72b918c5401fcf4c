import { CANONICAL_PERSON, defineContract, field } from "../contract.ts";

/**
 * Person attributes from any file keyed by a person id (an admissions system's applicant file, a student
 * records extract): school of origin, birth year, sex, municipality, nationality, prior education. `system`
 * and `person_id` are the same pair the system's choices carry (admissions.choices), so both files are one
 * person-record to identity.
 */
export const personAttributes = defineContract({
  source: "persons",
  entity: "attributes",
  description:
    "One row per person of one system: school of origin, birth year, sex, municipality, nationality, prior education.",
  required: ["system", "person_id"],
  columns: {
    system: field.text(),
    person_id: field.text(),
    ...CANONICAL_PERSON,
    birth_year: field.integer(),
    sex: field.text(),
    municipality: field.text(),
    nationality: field.text(),
    school_code: field.text(),
    school_name: field.text(),
    prior_education: field.text(),
  },
});
