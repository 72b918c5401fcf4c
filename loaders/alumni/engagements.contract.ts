import { z } from "zod";
import { defineContract, field } from "../contract.ts";

/** One row per alumni engagement (event, guest lecture, mentoring, donation...) with its CASE mode. */
export const alumniEngagements = defineContract({
  source: "alumni",
  entity: "engagements",
  description:
    "One row per alumni engagement: member, type, CASE mode (philanthropic, volunteer, experiential, communication), date, detail.",
  schema: z.object({
    engagement_id: field.text(),
    member_id: field.text().nullable(),
    engagement_type: field.text().nullable(),
    case_mode: field.text().nullable(),
    engaged_on: field.date().nullable(),
    detail: field.text().nullable(),
  }),
});
