import { defineContract, field, SWEDISH_PERSON } from "../contract.ts";

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
  required: ["application_code", "applicant_id"],
  columns: {
    admission_round: field.text(),
    application_code: field.text(),
    programme_code: field.text(),
    programme_name: field.text(),
    applicant_id: field.text(),
    ...SWEDISH_PERSON,
    citizenship: field.text(),
    priority: field.integer(),
    selection_group: field.text(),
    merit_value: field.decimal(),
    application_status: field.text(),
    applied_on: field.date(),
    selection_round_1: field.text(),
    reserve_position_1: field.integer(),
    selection_round_2: field.text(),
    reserve_position_2: field.integer(),
    admission_decision: field.text(),
    reply: field.text(),
    replied_on: field.date(),
    fee_paying: field.boolean(),
    school_code: field.text(),
  },
});
