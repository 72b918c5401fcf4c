import { z } from "zod";
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
  schema: z.object({
    checkin_id: field.text(),
    session_id: field.text().nullable(),
    checked_in_at: field.timestamp().nullable(),
    first_name: field.text({ pii: true }).nullable(),
    last_name: field.text({ pii: true }).nullable(),
    email: field.text({ pii: true }).nullable(),
    ticket: field.text().nullable(),
    walk_in: field.boolean().nullable(),
  }),
});
