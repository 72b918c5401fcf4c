import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** One row per registration of a contact for an event session; status as the CRM writes it. */
export const crmEventRegistrations = defineContract({
  source: "crm",
  entity: "event_registrations",
  description:
    "One row per event registration: session, contact, when, status (confirmed/cancelled...), cancellation.",
  schema: z.object({
    registration_id: field.text(),
    session_id: field.text().nullable(),
    contact_id: field.text().nullable(),
    registered_at: field.timestamp().nullable(),
    status: field.text().nullable(),
    cancelled_at: field.timestamp().nullable(),
  }),
});
