import { counts, definePublishTable } from "../disclosure/index.ts";

/**
 * Event lift: the application and enrolment rates of open-day and trial-lecture attendees beside those
 * of the intake's prospects who did not attend (each rate with its numerator, denominator and Wilson
 * interval); the site shows their difference. Enrolment before the intake's census is not yet observable
 * (outcome_status 'not_yet_observable', its figures NULL).
 */
export default definePublishTable({
  name: "pub_event_lift_by_intake",
  grain: "one row per event type x intake x outcome (applied, enrolled), persons after disclosure control",
  source: `SELECT event_type, intake, outcome,
                  event_lift_attendees_num AS attendees_reached, event_lift_attendees_den AS attendees,
                  event_lift_comparison_num AS comparison_reached, event_lift_comparison_den AS comparison,
                  outcome_status
             FROM marts.mart_event_lift_by_intake`,
  dimensions: ["event_type", "intake", "outcome"],
  measures: [
    ...counts("attendees_reached", "attendees", "comparison_reached", "comparison"),
    { kind: "rate", name: "attendee_rate", numerator: "attendees_reached", denominator: "attendees" },
    { kind: "rate", name: "comparison_rate", numerator: "comparison_reached", denominator: "comparison" },
  ],
  status: {
    column: "outcome_status",
    measures: [
      "attendees_reached",
      "attendees",
      "comparison_reached",
      "comparison",
      "attendee_rate",
      "comparison_rate",
    ],
  },
});
