import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/**
 * NyA, the Swedish national admissions system (antagning.se, and universityadmissions.se for
 * international applicants, whose round ends in "-INT" and who have no personnummer): one row per
 * application choice. Statuses, selection results (Antagen, Reserv, Ej behörig, Struken...) and the
 * reply (Tackat ja, Återbud) stay in Swedish as delivered; staging maps them to codes. The applicant's school
 * (skolenhetskod) is the school unit that issued the upper-secondary grades the merit rests on.
 */
export const nyaApplications = defineContract({
  source: "nya",
  entity: "applications",
  description:
    "One row per application choice: round, programme, applicant, priority, selection group, merit, urval 1/2, reply, fee-paying, school of origin.",
  schema: z.object({
    admission_round: field.text().nullable(),
    application_code: field.text(),
    programme_code: field.text().nullable(),
    programme_name: field.text().nullable(),
    applicant_id: field.text(),
    personal_number: field.text({ pii: true, nationalId: "se" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    sex: field.text().nullable(),
    email: field.text({ pii: true }).nullable(),
    citizenship: field.text().nullable(),
    priority: field.integer().nullable(),
    selection_group: field.text().nullable(),
    merit_value: field.decimal().nullable(),
    application_status: field.text().nullable(),
    applied_on: field.date().nullable(),
    selection_round_1: field.text().nullable(),
    reserve_position_1: field.integer().nullable(),
    selection_round_2: field.text().nullable(),
    reserve_position_2: field.integer().nullable(),
    admission_decision: field.text().nullable(),
    reply: field.text().nullable(),
    replied_on: field.date().nullable(),
    fee_paying: field.boolean().nullable(),
    school_code: field.text().nullable(),
  }),
});
