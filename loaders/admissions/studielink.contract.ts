import { z } from "zod";
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
  schema: z.object({
    studielink_number: field.text(),
    student_number: field.text().nullable(),
    bsn: field.text({ pii: true, nationalId: "nl" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    name_prefix: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    birth_date: field.date("%d-%m-%Y", { pii: true }).nullable(),
    sex: field.text().nullable(),
    email: field.text({ pii: true }).nullable(),
    nationality: field.text().nullable(),
    croho_code: field.text(),
    programme_name: field.text().nullable(),
    study_form: field.text().nullable(),
    academic_year: field.integer().nullable(),
    start_month: field.text().nullable(),
    requested_on: field.date("%d-%m-%Y").nullable(),
    request_status: field.text().nullable(),
    status_on: field.date("%d-%m-%Y").nullable(),
    file_complete: field.boolean().nullable(),
    admission_decision: field.text().nullable(),
    decided_on: field.date("%d-%m-%Y").nullable(),
    numerus_fixus: field.boolean().nullable(),
    rank_number: field.integer().nullable(),
    paid: field.boolean().nullable(),
    prior_education: field.text().nullable(),
    school_brin: field.text().nullable(),
    school_branch: field.text().nullable(),
    secondary_final_grade: field.decimal().nullable(),
  }),
});
