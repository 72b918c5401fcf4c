import { z } from "zod";
import { defineContract, field } from "../contract.ts";

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
  schema: z.object({
    system: field.text(),
    application_id: field.text().nullable(),
    person_id: field.text(),
    national_id: field.text({ pii: true, nationalId: "any" }).nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    birth_date: field.date("%Y-%m-%d", { pii: true }).nullable(),
    programme_code: field.text(),
    programme_name: field.text().nullable(),
    intake: field.text(),
    round: field.text().nullable(),
    priority: field.integer().nullable(),
    submitted_at: field.timestamp().nullable(),
    /** The furthest step the export's status code says the choice reached (a profile maps the codes). */
    status: field.oneOf(CHOICE_STATUSES).nullable(),
    eligible: field.boolean().nullable(),
    eligible_on: field.date().nullable(),
    offered: field.boolean().nullable(),
    offered_on: field.date().nullable(),
    reserve: field.boolean().nullable(),
    reserve_on: field.date().nullable(),
    accepted: field.boolean().nullable(),
    accepted_on: field.date().nullable(),
    declined: field.boolean().nullable(),
    declined_on: field.date().nullable(),
    withdrawn: field.boolean().nullable(),
    withdrawn_on: field.date().nullable(),
    enrolled: field.boolean().nullable(),
    enrolled_on: field.date().nullable(),
    financing: field.text().nullable(),
    fee_paying: field.boolean().nullable(),
    score: field.decimal().nullable(),
    citizenship: field.text().nullable(),
  }),
});
