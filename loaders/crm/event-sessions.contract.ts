import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** One row per event session (an open day or trial lecture on one date), with its capacity. */
export const crmEventSessions = defineContract({
  source: "crm",
  entity: "event_sessions",
  description:
    "One row per event session (open day, trial lecture): type, programme, cohort, time, capacity.",
  schema: z.object({
    session_id: field.text(),
    event_type: field.text().nullable(),
    title: field.text().nullable(),
    programme_code: field.text().nullable(),
    cohort: field.text().nullable(),
    starts_at: field.timestamp().nullable(),
    ends_at: field.timestamp().nullable(),
    location: field.text().nullable(),
    capacity: field.integer().nullable(),
  }),
});
