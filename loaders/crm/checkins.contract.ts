import { defineContract, field } from "../contract.ts";

/**
 * The event check-in app: one row per person scanned in at a session. It knows the CRM's
 * registration (the ticket) but not the contact; walk-ins have no ticket, only a name and e-mail.
 */
export const checkinCheckins = defineContract({
  source: "checkin",
  entity: "checkins",
  description:
    "One row per check-in at an event session: ticket (CRM registration id) or walk-in, name, e-mail.",
  required: ["checkin_id"],
  columns: {
    checkin_id: field.text(),
    session_id: field.text(),
    checked_in_at: field.timestamp(),
    first_name: field.text({ pii: true }),
    last_name: field.text({ pii: true }),
    email: field.text({ pii: true }),
    ticket: field.text(),
    walk_in: field.boolean(),
  },
});
