import { z } from "zod";
import { defineContract, field } from "../contract.ts";

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
  schema: z.object({
    system: field.text(),
    person_id: field.text(),
    national_id: field.text({ pii: true, nationalId: "any" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    birth_year: field.integer().nullable(),
    sex: field.text().nullable(),
    municipality: field.text().nullable(),
    nationality: field.text().nullable(),
    school_code: field.text().nullable(),
    school_name: field.text().nullable(),
    prior_education: field.text().nullable(),
  }),
});
