import { defineContract, field } from "../contract.ts";

/** One row per event session (an open day or trial lecture on one date), with its capacity. */
export const crmEventSessions = defineContract({
  source: "crm",
  entity: "event_sessions",
  description:
    "One row per event session (open day, trial lecture): type, programme, cohort, time, capacity.",
  required: ["session_id"],
  columns: {
    session_id: field.text(),
    event_type: field.text(),
    title: field.text(),
    programme_code: field.text(),
    cohort: field.text(),
    starts_at: field.timestamp(),
    ends_at: field.timestamp(),
    location: field.text(),
    capacity: field.integer(),
  },
});
