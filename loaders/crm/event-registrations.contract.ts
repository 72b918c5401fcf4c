import { defineContract, field } from "../contract.ts";

/** One row per registration of a contact for an event session; status as the CRM writes it. */
export const crmEventRegistrations = defineContract({
  source: "crm",
  entity: "event_registrations",
  description:
    "One row per event registration: session, contact, when, status (confirmed/cancelled...), cancellation.",
  required: ["registration_id"],
  columns: {
    registration_id: field.text(),
    session_id: field.text(),
    contact_id: field.text(),
    registered_at: field.timestamp(),
    status: field.text(),
    cancelled_at: field.timestamp(),
  },
});
