import { defineContract, field } from "../contract.ts";

/**
 * Studielink: one row per verzoek tot inschrijving (VTI, enrolment request) for a programme (CROHO),
 * with its status as of the extract (aangemeld, ingeschreven, geannuleerd, uitgeschreven), the
 * admission decision, payment and prior education with its school (BRIN + vestiging). Statuses stay
 * in Dutch as delivered. International applicants have no BSN.
 */
export const studielinkEnrolmentRequests = defineContract({
  source: "studielink",
  entity: "enrolment_requests",
  description:
    "One row per Studielink enrolment request (VTI): applicant, CROHO programme, academic year, status and its date, decision, payment, prior education, school.",
  required: ["studielink_number", "croho_code"],
  columns: {
    studielink_number: field.text(),
    student_number: field.text(),
    bsn: field.text({ pii: true, nationalId: "nl" }),
    first_name: field.text({ pii: true }),
    name_prefix: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    birth_date: field.date("%d-%m-%Y", { pii: true }),
    sex: field.text(),
    email: field.text({ pii: true }),
    nationality: field.text(),
    croho_code: field.text(),
    programme_name: field.text(),
    study_form: field.text(),
    academic_year: field.integer(),
    start_month: field.text(),
    requested_on: field.date("%d-%m-%Y"),
    request_status: field.text(),
    status_on: field.date("%d-%m-%Y"),
    file_complete: field.boolean(),
    admission_decision: field.text(),
    decided_on: field.date("%d-%m-%Y"),
    numerus_fixus: field.boolean(),
    rank_number: field.integer(),
    paid: field.boolean(),
    prior_education: field.text(),
    school_brin: field.text(),
    school_branch: field.text(),
    secondary_final_grade: field.decimal(),
  },
});
