import { defineContract, field } from "../contract.ts";

/** One row per alumni engagement (event, guest lecture, mentoring, donation...) with its CASE mode. */
export const alumniEngagements = defineContract({
  source: "alumni",
  entity: "engagements",
  description:
    "One row per alumni engagement: member, type, CASE mode (philanthropic, volunteer, experiential, communication), date, detail.",
  required: ["engagement_id"],
  columns: {
    engagement_id: field.text(),
    member_id: field.text(),
    engagement_type: field.text(),
    case_mode: field.text(),
    engaged_on: field.date(),
    detail: field.text(),
  },
});
