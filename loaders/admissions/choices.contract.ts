import { CANONICAL_PERSON, defineContract, field } from "../contract.ts";

/**
 * The country-neutral shape of one application choice (DESIGN §4): whatever an admissions export calls its
 * steps (status codes, true/false flags, separate date columns), a profile maps them onto these dated
 * steps. `system` names the admissions system or export family (a profile constant, e.g. "fi-joint"):
 * `person_id` is unique within it and shared by the system's other files (persons.attributes), so
 * identity links them as one record without pretending the id is an e-mail.
 */
export const CHOICE_STATUSES = [
  "applied",
  "ineligible",
  "eligible",
  "offered",
  "reserve",
  "accepted",
  "declined",
  "withdrawn",
  "enrolled",
] as const;

export const admissionChoices = defineContract({
  source: "admissions",
  entity: "choices",
  description:
    "One row per application choice in any admissions system: intake, round, priority, submitted at, and its outcome steps (eligible, offered, reserve, accepted, declined, withdrawn, enrolled) as flags, a status or dates.",
  required: ["system", "person_id", "programme_code", "intake"],
  columns: {
    system: field.text(),
    application_id: field.text(),
    person_id: field.text(),
    ...CANONICAL_PERSON,
    programme_code: field.text(),
    programme_name: field.text(),
    intake: field.text(),
    round: field.text(),
    priority: field.integer(),
    submitted_at: field.timestamp(),
    /** The furthest step the export's status code says the choice reached (a profile maps the codes). */
    status: field.oneOf(CHOICE_STATUSES),
    eligible: field.boolean(),
    eligible_on: field.date(),
    offered: field.boolean(),
    offered_on: field.date(),
    reserve: field.boolean(),
    reserve_on: field.date(),
    accepted: field.boolean(),
    accepted_on: field.date(),
    declined: field.boolean(),
    declined_on: field.date(),
    withdrawn: field.boolean(),
    withdrawn_on: field.date(),
    enrolled: field.boolean(),
    enrolled_on: field.date(),
    financing: field.text(),
    fee_paying: field.boolean(),
    score: field.decimal(),
    citizenship: field.text(),
  },
});
