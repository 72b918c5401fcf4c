import { z } from "zod";
import type { LIFECYCLE_STAGES } from "../../warehouse/config.ts";

/**
 * Every metric the warehouse publishes, defined once (DESIGN §6). Marts store each rate as its
 * numerator and denominator columns (`<id>_num`, `<id>_den`), never as a bare rate; the publish layer
 * derives the rate and its Wilson interval; the site's tooltips and Definitions page read the text
 * from here.
 */
/**
 * When an outcome can first be known for an intake: `months` after the intake's start or census (the institution
 * calendar's slm_calendar.start_on / census_on), plus the programme's nominal length where `plusNominalLength`
 * (at intake level, the shortest programme's: before it, no one of the intake can have the outcome). Until the
 * window has closed on the reference date, a figure of the metric is not yet observable: published as NULL with
 * the status 'not_yet_observable', never as 0. `stages` names the funnel stages (marts.mart_funnel_stages) the
 * same window governs.
 */
export const windowSchema = z
  .object({
    from: z.enum(["start", "census"]),
    months: z.number().int().min(0),
    plusNominalLength: z.boolean().default(false),
    stages: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
  })
  .strict();

export type ObservationWindow = z.infer<typeof windowSchema>;

export const metricSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: z.string().min(1),
    kind: z.enum(["rate", "mean", "difference", "count"]),
    numerator: z.string().min(1),
    denominator: z.string(),
    definition: z.string().min(1),
    tooltip: z.string().min(1).max(240),
    audience: z.array(z.enum(["marketing", "advisers", "alumni", "analysts"])).min(1),
    window: windowSchema.optional(),
  })
  .strict();

export type Metric = z.infer<typeof metricSchema>;

const METRICS: z.input<typeof metricSchema>[] = [
  {
    id: "next_step_conversion",
    label: "Next-step conversion",
    kind: "rate",
    numerator: "persons of the cohort reaching stage k+1",
    denominator: "persons of the cohort reaching stage k",
    definition:
      "Persons reaching the next stage divided by persons reaching this stage, within a cohort. 'Ordered' counts a stage only when reached after the previous one; 'any order' counts it whenever reached.",
    tooltip: "Of those who reached this stage, the share who went on to the next.",
    audience: ["marketing"],
  },
  {
    id: "cumulative_conversion",
    label: "Cumulative conversion",
    kind: "rate",
    numerator: "persons of the cohort reaching stage k",
    denominator: "persons of the cohort at the funnel's entry stage",
    definition:
      "Persons reaching a stage divided by the cohort's entrants: those who reached the funnel's entry stage (inquiry, or the stage the institution's funnel starts at; in any order, also those who reached a later stage without it). A stage no loaded source records is shown as no data.",
    tooltip: "Of everyone who entered the funnel, the share who got this far.",
    audience: ["marketing"],
  },
  {
    id: "last_channel_conversion",
    label: "Conversion by last channel",
    kind: "rate",
    numerator: "persons of the cohorts whose last channel it was who reached the stage (applied, enrolled)",
    denominator: "persons of the cohorts whose last channel it was",
    definition:
      "A person's last channel is the channel of their last inquiry on or before their first application for their cohort's intake; for a person who has not applied, of their last inquiry on or before the intake's application deadline (an inquiry about a later cycle does not count). Inquiries at the same moment: the highest channel by name. Those without such an inquiry applied without one and have no last channel. Of the persons whose last channel it was, the share who reached the stage (applied, enrolled) for the intake, in any order. The cohorts are the funnel's; their first channel, beside it, is the channel of their first inquiry up to the reference date.",
    tooltip:
      "Of everyone whose last inquiry before applying (or before the deadline) came through this channel, the share who went on to apply or enrol.",
    audience: ["marketing"],
  },
  {
    id: "cycle_progress",
    label: "Cycle progress (same day last cycle)",
    kind: "count",
    numerator: "persons who had reached the stage for the intake by the day measured",
    denominator: "",
    definition:
      "Persons who had reached a stage (inquiry, open day attended, application, admitted, enrolled) for an intake by a given number of weeks before its application deadline, set beside the previous cycle's same intake at the same number of weeks before its own deadline. An inquiry counts for the intake of its admission cycle.",
    tooltip: "How far this cycle had come by this week, against last cycle at the same point.",
    audience: ["marketing"],
  },
  {
    id: "enrolment_forecast",
    label: "Enrolment forecast (pacing)",
    kind: "count",
    numerator: "persons expected at the stage by the intake's census",
    denominator: "",
    definition:
      "Where a programme's intake will land at census, as of a day in its cycle: the count so far of the latest stage reached (application, admitted, accepted) times the mean ratio, in the programme's earlier intakes of the same term, of the stage's final count to that stage's count the same number of days before their own application deadline (pacing), weighed by precision with those intakes' mean final count. The 80% and 95% intervals come from the spread across the earlier intakes and the chance in the counts still to come. Not made with fewer than three earlier intakes.",
    tooltip: "Where this intake is heading at census, from how earlier cycles ended from the same point.",
    audience: ["marketing", "analysts"],
  },
  {
    id: "forecast_coverage",
    label: "Forecast interval coverage",
    kind: "rate",
    numerator: "past forecasts whose interval held the realised count",
    denominator: "past forecasts of programme x intakes whose census has passed, made at the same horizon",
    definition:
      "Of the forecasts the method would have made for past intakes at a horizon (12, 8, 4 or 0 weeks before the application deadline, or at the reply deadline), each from only the data known that day, the share whose interval (80% or 95%) held the count realised at census.",
    tooltip: "How often past forecasts' intervals held what really happened.",
    audience: ["marketing", "analysts"],
  },
  {
    id: "forecast_mape",
    label: "Forecast error (MAPE)",
    kind: "mean",
    numerator: "sum of |forecast - realised| / realised",
    denominator: "past forecasts at the horizon whose realised count is above 0",
    definition:
      "The mean absolute percentage error of the forecasts the method would have made for past intakes at a horizon, each from only the data known that day, against the count realised at census.",
    tooltip: "How far off past forecasts made at this point were, on average, in percent.",
    audience: ["marketing", "analysts"],
  },
  {
    id: "application_rate",
    label: "Application rate",
    kind: "rate",
    numerator: "inquirers of the cycle who applied",
    denominator: "inquirers of the cycle",
    definition:
      "Inquirers of an intake who applied for it, divided by the intake's inquirers. Each person is an inquirer of one intake, as in the funnel: the one they applied for, else their open day's, else the admission cycle their first inquiry falls in.",
    tooltip: "Of the cycle's inquirers, the share who applied.",
    audience: ["marketing"],
  },
  {
    id: "admit_rate",
    label: "Admit rate",
    kind: "rate",
    numerator: "admitted applicants",
    denominator: "evaluated applicants (withdrawn and invalid applications excluded)",
    definition:
      "Admitted applicants divided by evaluated applicants; withdrawn and invalid applications are not evaluated.",
    tooltip: "Of the applicants who were assessed, the share who were offered a place.",
    audience: ["marketing", "analysts"],
  },
  {
    id: "yield",
    label: "Yield",
    kind: "rate",
    numerator: "admitted applicants who enrolled (registered at census)",
    denominator: "admitted applicants",
    definition:
      "Enrolled divided by admitted. Not computed when no loaded source records enrolments (student records).",
    tooltip: "Of those offered a place, the share who enrolled.",
    audience: ["marketing", "analysts"],
    // before the census nobody of the intake is enrolled yet: the funnel's enrolled stage would read 0
    window: { from: "census", months: 0, stages: ["enrolled"] },
  },
  {
    id: "acceptance_yield",
    label: "Acceptance yield",
    kind: "rate",
    numerator: "admitted applicants who accepted the offer",
    denominator: "admitted applicants",
    definition: "Accepted offers divided by admitted applicants.",
    tooltip: "Of those offered a place, the share who accepted it.",
    audience: ["marketing"],
  },
  {
    id: "melt",
    label: "Melt",
    kind: "rate",
    numerator: "accepted but not enrolled at census",
    denominator: "accepted offers",
    definition:
      "(Accepted − enrolled at census) / accepted. SE: återbud, no-show at the start, tidigt avbrott within 3 weeks. NL: withdrawn, not enrolled on 1 October, de-registered before 1 February.",
    tooltip: "Of those who accepted a place, the share who did not turn up or left at once.",
    audience: ["marketing", "advisers"],
    window: { from: "census", months: 0 },
  },
  {
    id: "open_day_no_show_rate",
    label: "Open-day no-show rate",
    kind: "rate",
    numerator: "confirmed registrants never checked in",
    denominator: "confirmed registrants (cancellations excluded)",
    definition:
      "Confirmed registrants who never checked in divided by confirmed registrants; cancelled registrations are excluded from both.",
    tooltip: "Of those registered (and not cancelled), the share who did not come.",
    audience: ["marketing"],
  },
  {
    id: "predicted_turnout",
    label: "Predicted turnout",
    kind: "count",
    numerator: "confirmed registrants of the session expected to check in",
    denominator: "",
    definition:
      "The registrations of a session confirmed on a day, times the show rate of its event type (open day, trial lecture) over every session of the type held by that day: confirmed registrants who checked in / confirmed registrants, cancellations and the waitlist excluded (1 - the no-show rate). Its 95% interval is the normal approximation to the beta-binomial predictive distribution: with r = (checked in + 1/2) / (confirmed + 1) of the past sessions and n confirmed now, the variance n r (1 - r) (past confirmed + 1 + n) / (past confirmed + 2), ends rounded outward to whole persons within 0 .. n. Walk-ins and registrations still to come are not included; a type with no session held yet has no prediction.",
    tooltip:
      "How many of those registered so far are expected to come, from how many came to earlier sessions of the kind.",
    audience: ["marketing"],
  },
  {
    id: "turnout_coverage",
    label: "Turnout interval coverage",
    kind: "rate",
    numerator: "held sessions whose predicted turnout's 95% interval held the turnout",
    denominator: "held sessions with a confirmed registrant and a prediction, each predicted the day before",
    definition:
      "Of the sessions held (with at least one confirmed registrant the day before), each predicted the day before it from only the registrations and earlier sessions known then, the share whose 95% interval held the confirmed registrants who checked in. Over the last completed admission cycle (the intakes whose application deadline fell in the year up to the reference date) and over all held sessions.",
    tooltip: "How often the predicted turnout's interval held how many really came.",
    audience: ["marketing", "analysts"],
  },
  {
    id: "event_lift",
    label: "Event lift",
    kind: "difference",
    numerator: "conversion of attendees",
    denominator: "conversion of comparable non-attendees of the same cohort",
    definition:
      "Conversion (application or enrolment) of attendees minus that of non-attendees of the same cohort, each with its own denominator and interval.",
    tooltip: "How much more often attendees went on to apply or enrol than comparable non-attendees.",
    audience: ["marketing"],
  },
  {
    id: "throughput",
    label: "Throughput (HPR/HST)",
    kind: "rate",
    numerator: "credits passed in year one (HPR)",
    denominator: "credits registered in year one (HST; 60 hp = one full-time year)",
    definition: "Credits passed in the first year divided by credits registered in the first year.",
    tooltip: "Share of the credits students registered for in year one that they passed.",
    audience: ["advisers"],
    window: { from: "start", months: 12 },
  },
  {
    id: "first_year_credits",
    label: "First-year credits",
    kind: "mean",
    numerator: "credits passed in year one (start term and the next), summed over the students",
    denominator: "students whose first year had ended on the reference date",
    definition:
      "Mean credits passed in year one per student who started (enrolled at census); 60 credits is a full year.",
    tooltip: "Average credits a student passed in the first year; 60 is a full-time year.",
    audience: ["advisers"],
    window: { from: "start", months: 12 },
  },
  {
    id: "progression",
    label: "Progression to year two",
    kind: "rate",
    numerator: "students registered on the programme again in the same term one year after the start",
    denominator: "students who started, first year ended",
    definition:
      "Students registered on their programme in the term one year after their start term, divided by the students who started (enrolled at census) and whose first year has ended.",
    tooltip: "Of the students who started, the share who were back on the programme a year later.",
    audience: ["advisers"],
    window: { from: "start", months: 12, stages: ["first_year_progression"] },
  },
  {
    id: "study_break",
    label: "Study break in year one",
    kind: "rate",
    numerator: "students with a late study break (SE: sent avbrott) within a year of the start",
    denominator: "students who started, first year ended",
    definition:
      "Students who broke off their studies (a late break, after the census) within a year of the start, divided by the students who started and whose first year has ended.",
    tooltip: "Of the students who started, the share who broke off within the first year.",
    audience: ["advisers"],
    window: { from: "start", months: 12, stages: ["left"] },
  },
  {
    id: "graduation_nominal",
    label: "Graduation within nominal time",
    kind: "rate",
    numerator: "students with a degree on the programme by start + nominal years + half a year",
    denominator: "students who started, whose nominal time (+ half a year) has passed",
    definition:
      "Students with a degree on the programme issued by the start plus its nominal length (usual degree credits / 60 per year) plus half a year for the degree to be issued, divided by the starts whose window has passed.",
    tooltip: "Of the students who started, the share with a degree within the programme's normal length.",
    audience: ["advisers"],
    window: {
      from: "start",
      months: 6,
      plusNominalLength: true,
      stages: ["graduated", "alumni_registered", "alumni_engaged"],
    },
  },
  {
    id: "graduation_nominal_plus_1",
    label: "Graduation within nominal time + 1 year",
    kind: "rate",
    numerator: "students with a degree on the programme by start + nominal years + 1.5 years",
    denominator: "students who started, whose nominal time + 1.5 years has passed",
    definition:
      "As graduation within nominal time, one year later: a degree issued by the start plus the nominal length plus one and a half years.",
    tooltip: "Of the students who started, the share with a degree at most one year later than normal.",
    audience: ["advisers"],
    window: { from: "start", months: 18, plusNominalLength: true },
  },
  {
    id: "dropout",
    label: "Dropout",
    kind: "rate",
    numerator: "students with a late study break on the programme and no degree on it by the reference date",
    denominator: "students who started (enrolled at census)",
    definition:
      "Students who broke off the programme (a late break, after the census) and hold no degree on it, divided by the students who started.",
    tooltip: "Of the students who started, the share who have left without a degree so far.",
    audience: ["advisers"],
  },
  {
    id: "school_performance",
    label: "School-of-origin performance",
    kind: "difference",
    numerator: "mean outcome of the school's students",
    denominator: "programme-and-cohort mean",
    definition:
      "Per school with n ≥ k: mean outcome minus the programme-and-cohort mean, shrunk toward 0 by empirical Bayes, with n and a 95% interval; optionally adjusted for entry grade.",
    tooltip:
      "How the school's students do compared with their programme and cohort, pulled toward 0 when the school is small.",
    audience: ["advisers"],
  },
  {
    id: "active_alumni_share",
    label: "Active alumni",
    kind: "rate",
    numerator: "contactable alumni engaged in the last 12 months in at least one CASE mode",
    denominator: "contactable alumni of the programme",
    definition:
      "Alumni engaged in the last 12 months in at least one of the four CASE modes (philanthropic, volunteer, experiential, communication), as a share of the programme's contactable alumni.",
    tooltip: "Share of contactable alumni who engaged with us in the past year.",
    audience: ["alumni"],
  },
  {
    id: "alumni_engagement_score",
    label: "Alumni engagement score",
    kind: "mean",
    numerator:
      "sum over contactable alumni of the weights of the CASE modes each engaged in during the last 12 months",
    denominator: "contactable alumni",
    definition:
      "Per alumnus, the sum of the configured weights (outcomes.alumniWeights; by default philanthropic 3, volunteer 3, experiential 2, communication 1) of the CASE modes engaged in during the 12 months up to the reference date; the mean over contactable alumni.",
    tooltip:
      "Average weighted engagement of contactable alumni in the past year: giving time or money counts most.",
    audience: ["alumni"],
  },
  {
    id: "further_study",
    label: "Returned for further study",
    kind: "rate",
    numerator: "alumni with a further-study record or a later start on a programme",
    denominator: "alumni in the alumni database",
    definition:
      "Alumni who came back to study (a further-study record in the alumni database, or a start on a programme in the records system after the graduation year), divided by the alumni.",
    tooltip: "Share of alumni who came back for further study, such as a master's programme.",
    audience: ["alumni"],
  },
  {
    id: "contact_pressure",
    label: "Contact pressure",
    kind: "count",
    numerator: "messages to a person in a rolling 7 and 30 days, across all departments",
    denominator: "",
    definition:
      "Messages per person per rolling 7 and 30 days across all departments; cap breaches; collisions = two departments within 48 hours.",
    tooltip: "How many messages one person gets from us in a week or a month, all departments together.",
    audience: ["marketing", "alumni"],
  },
  {
    id: "contact_collision",
    label: "Collision",
    kind: "count",
    numerator: "persons mailed by two different departments within the collision window (default 48 hours)",
    denominator: "",
    definition:
      "Two messages to the same person from two different departments sent within the collision window (48 hours by default); counted as persons per week of the later message.",
    tooltip: "Persons who got mail from two departments within two days.",
    audience: ["marketing", "alumni"],
  },
  {
    id: "consent_coverage_at_send",
    label: "Consent coverage at send",
    kind: "rate",
    numerator:
      "persons mailed whose every message from the department had a consent for its purpose valid when sent",
    denominator: "persons the department mailed for that purpose",
    definition:
      "Persons a department mailed whose every message was sent under a consent for the mail's purpose that was given before, and neither withdrawn nor expired at, the time of sending; divided by all persons the department mailed for that purpose.",
    tooltip: "Share of a department's audience that had a valid consent for every message it got.",
    audience: ["marketing", "alumni", "analysts"],
  },
  {
    id: "consent_valid_now",
    label: "Valid consent now",
    kind: "rate",
    numerator: "persons mailed holding a consent for the purpose valid on the reference date",
    denominator: "persons the department mailed for that purpose",
    definition:
      "Persons a department mailed who hold a consent for the mail's purpose that is valid on the reference date (given, not withdrawn, not expired), divided by all persons the department mailed for that purpose.",
    tooltip: "Share of a department's audience that may be mailed for this purpose today.",
    audience: ["marketing", "alumni", "analysts"],
  },
  {
    id: "bounce_rate",
    label: "Bounce rate by sender",
    kind: "rate",
    numerator: "persons mailed by the department that month with at least one message returned",
    denominator: "persons mailed by the department that month",
    definition:
      "Persons at least one of whose messages from the department that month was returned (bounced e-mail, failed SMS, returned post), divided by the persons the department mailed that month.",
    tooltip:
      "Of the persons a department mailed in a month, the share with a message that came back undelivered.",
    audience: ["marketing"],
  },
  {
    id: "opt_out_rate",
    label: "Opt-out rate",
    kind: "rate",
    numerator:
      "persons the department mailed in the month who withdrew a consent within 30 days of its message, the last they got before withdrawing",
    denominator: "persons the department mailed in the month",
    definition:
      "Of the persons a department mailed in a month, those who withdrew a consent within 30 days of its message, it being the last message they got before withdrawing (the CRM records no unsubscribe link per message), divided by the persons that department mailed that month. A withdrawal counts in the month of that message, not of the withdrawal.",
    tooltip: "Of the persons a department mailed this month, the share who then withdrew a consent.",
    audience: ["marketing", "alumni"],
  },
];

export const METRIC_REGISTRY: ReadonlyMap<string, Metric> = new Map(
  METRICS.map((metric) => [metric.id, metricSchema.parse(metric)]),
);

/** The metrics with an observation window, each with its window. */
export function metricWindows(): { metric: string; window: ObservationWindow }[] {
  return [...METRIC_REGISTRY.values()].flatMap((m) => (m.window ? [{ metric: m.id, window: m.window }] : []));
}

export function metric(id: string): Metric {
  const found = METRIC_REGISTRY.get(id);
  if (!found) throw new Error(`unknown metric "${id}"`);
  return found;
}

/**
 * What the site calls each lifecycle stage (DESIGN §6), defined here beside the metrics so every page
 * names a stage alike and none shows its id; published with the metric definitions.
 */
export const STAGE_LABELS: Readonly<Record<(typeof LIFECYCLE_STAGES)[number], string>> = {
  inquiry: "Inquiry",
  open_day_registered: "Registered for an open day",
  open_day_attended: "Attended an open day",
  trial_lecture: "Trial lecture",
  application: "Applied",
  eligible: "Eligible",
  admitted: "Admitted",
  reserve: "Reserve",
  accepted: "Accepted the offer",
  declined: "Declined the offer",
  enrolled: "Enrolled",
  early_break: "Left early (within 3 weeks)",
  first_year_progression: "Progressed past year one",
  graduated: "Graduated",
  left: "Left",
  alumni_registered: "Registered as alumnus",
  alumni_engaged: "Engaged alumnus",
};

/** Names of the codes the marts give a group that has no value of its own (a first channel without an inquiry). */
export const GROUP_LABELS: Readonly<Record<string, string>> = {
  no_inquiry: "No inquiry (applied without one)",
};
