import type { Warehouse } from "../../warehouse/connection.ts";
import { discoverPublishSpecs } from "../disclosure/release.ts";
import { discoverModels } from "../models.ts";
import { COHORT_BREAKDOWNS } from "../outcomes/cohort-publish.ts";

/**
 * What every published column (schema `publish`) means, in one line each: exported with the release as
 * `column_definitions.json` and shown on the site's Definitions page, as the metric registry beside it is. A
 * column name means one thing in every table that has it (SHARED) unless its table says more (TABLES); the
 * columns disclosure control adds are described from the column they belong to (`<x>_suppressed`, a rate's
 * `<x>_low` / `<x>_high`). Every count is of distinct persons (or rows, where a table says so) and is published
 * rounded, so the lines here do not repeat it. A published column with no line fails a test
 * (test/pipelines/metrics/columns.test.ts): a new table or column is described here when it is added.
 */
const SHARED: Readonly<Record<string, string>> = {
  intake: "The intake (cohort) as the institution calendar labels it, e.g. HT2025 or 2026-SEP.",
  programme_code: "The programme's code (pub_programmes gives its name).",
  school_code:
    "The secondary school of origin's code (SE skolenhetskod, NL BRIN and branch; pub_schools names it).",
  month: "Calendar month (YYYY-MM).",
  department: "The sending department, as the CRM's mailings name it.",
  total_over:
    "On a total row, the columns it adds up over (comma-separated), which are empty there; empty on every other row.",
  persons: "Persons in the row.",
  source: "The source system (crm, nya, studielink, ladok, osiris, alumni, ...).",
  entity: "What the source's extract holds (contacts, applications, registrations, ...).",
  stage: "The lifecycle stage (inquiry, application, admitted, enrolled, ...).",
  stage_order: "The stage's place in the lifecycle, from 1 (inquiry) on.",
  ordering:
    "ordered: a stage counts only when reached after the funnel's previous stage; any: whenever reached.",
  data_status:
    "ok; no_source: no loaded source records the stage; not_yet_observable: its observation window has not closed for the intake. The figures are empty unless ok.",
  application_route:
    "national or international admission round (no_application: a student with no application on record).",
  students: "Students who started the programme in the intake and were still registered at its census.",
  persons_mailed: "Persons the department sent at least one message that month.",
};

const FUNNEL: Readonly<Record<string, string>> = {
  persons: "Persons of the cohort who had reached the stage by the reference date.",
  next_step_num:
    "Persons of the cohort who reached this stage after its previous stage (next-step numerator).",
  next_step_den: "Persons of the cohort who reached the previous stage (next-step denominator).",
  next_step_conversion: "Next-step conversion: next_step_num / next_step_den.",
  cumulative_num: "Persons of the cohort who reached this stage (cumulative numerator).",
  cumulative_den: "Persons of the cohort who entered the funnel at its entry stage (cumulative denominator).",
  cumulative_conversion: "Cumulative conversion: cumulative_num / cumulative_den.",
};

/** The columns of every cohort table (pub_cohorts_by_<breakdown>). */
const COHORTS: Readonly<Record<string, string>> = {
  year_one_students: "Students whose first year had ended by the reference date.",
  first_year_credits: "Mean credits passed in the first year (hp or EC), of the year-one students.",
  first_year_credits_status: "ok, or not_yet_observable while the intake's first year has not ended.",
  progression_num: "Students registered in the second year.",
  progression_den: "Students whose first year has ended.",
  progression: "Progression to year two: progression_num / progression_den.",
  progression_status:
    "ok, or not_yet_observable while progression's observation window is open for the intake.",
  study_break_num: "Students who broke off their studies (sent avbrott, uitgeschreven) in the first year.",
  study_break_den: "Students whose first year has ended.",
  study_break: "Study break in year one: study_break_num / study_break_den.",
  study_break_status: "ok, or not_yet_observable while the study break's window is open for the intake.",
  graduation_nominal_num: "Students who graduated within the programme's nominal time (plus six months).",
  graduation_nominal_den: "Students whose nominal time has passed.",
  graduation_nominal: "Graduation within nominal time: graduation_nominal_num / graduation_nominal_den.",
  graduation_nominal_status: "ok, or not_yet_observable while nominal time has not passed for the intake.",
  graduation_nominal_plus_1_num: "Students who graduated within nominal time plus one year.",
  graduation_nominal_plus_1_den: "Students whose nominal time plus one year has passed.",
  graduation_nominal_plus_1:
    "Graduation within nominal time plus a year: graduation_nominal_plus_1_num / graduation_nominal_plus_1_den.",
  graduation_nominal_plus_1_status:
    "ok, or not_yet_observable while nominal time plus one year has not passed for the intake.",
  dropout_num: "Students who left without a degree.",
  dropout_den: "Students who started.",
  dropout: "Dropout: dropout_num / dropout_den.",
};

const cohortTables = Object.fromEntries(
  Object.entries(COHORT_BREAKDOWNS).map(([breakdown, what]) => [
    `pub_cohorts_by_${breakdown}`,
    { ...COHORTS, [breakdown]: `The students' group by ${what}.` },
  ]),
);

/** A table's own columns, and shared names that mean something narrower there. */
const TABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pub_admissions_by_intake: {
    evaluated: "Applicants whose application was assessed (withdrawn and incomplete ones are not).",
    admitted: "Applicants offered a place.",
    accepted: "Admitted applicants who accepted their offer.",
    enrolled: "Admitted applicants enrolled at the intake's census.",
    melted: "Applicants who accepted but were not enrolled at the census.",
    admit_rate: "Admit rate: admitted / evaluated.",
    acceptance_yield: "Acceptance yield: accepted / admitted.",
    yield: "Yield: enrolled / admitted.",
    melt: "Melt: melted / accepted.",
    enrolment_status:
      "ok; no_source: no enrolment source is loaded; not_yet_observable: before the intake's census. enrolled, melted, yield and melt are empty unless ok.",
  },
  pub_alumni_engagement: {
    graduation_period: "Five graduation years (e.g. 2015-2019).",
    alumni: "Members of the alumni database.",
    contactable: "Alumni with an e-mail on file who have not objected to contact.",
    active: "Contactable alumni engaged in the last 12 months in at least one CASE mode.",
    active_alumni_share: "Active alumni share: active / contactable.",
    philanthropic: "Contactable alumni who gave (a donation) in the last 12 months.",
    volunteer:
      "Contactable alumni who volunteered (guest lecture, mentoring, internship offer) in the last 12 months.",
    experiential: "Contactable alumni who took part in an event or further study in the last 12 months.",
    communication:
      "Contactable alumni who connected on LinkedIn or signed up on an alumni form in the last 12 months.",
    engagement_score: "Mean weighted engagement score of the contactable alumni (weights per CASE mode).",
    pool_guest_lecture: "Alumni consenting to alumni relations who have given a guest lecture.",
    pool_mentoring: "Alumni consenting to alumni relations who have mentored.",
    pool_internship: "Alumni consenting to alumni relations who have offered an internship.",
    further_study: "Alumni who came back for further study.",
    further_study_rate: "Further study: further_study / alumni.",
  },
  pub_attribution: {
    model: "Attribution model: first_touch, last_touch or any_touch.",
    outcome: "applied or enrolled: the outcome whose persons are credited.",
    channel: "The channel of the inquiry touch credited ('none' when no touch came before).",
    campaign: "The campaign of the touch credited; empty on the channel's total row.",
    persons: "Persons with the outcome whose touches credit this channel and campaign.",
  },
  pub_bounces_by_sender: {
    persons_bounced: "Persons mailed that month with at least one message returned undelivered.",
    bounce_rate: "Bounce rate: persons_bounced / persons_mailed.",
  },
  ...cohortTables,
  pub_consent_coverage: {
    purpose: "The consent purpose the department's mail needs (marketing, alumni_relations, ...).",
    persons_mailed: "Persons the department mailed.",
    persons_covered_at_send: "Persons every message to whom was sent under a consent valid at the time.",
    persons_valid_now: "Persons mailed who hold a valid consent for the purpose on the reference date.",
    consent_coverage_at_send: "Consent coverage at send: persons_covered_at_send / persons_mailed.",
    consent_valid_now: "Consent valid now: persons_valid_now / persons_mailed.",
  },
  pub_contact_audience_overlap: {
    department_a: "The first department of the pair.",
    department_b: "The second department of the pair (the same as department_a: that department's audience).",
    persons: "Persons mailed by both departments that month.",
  },
  pub_contact_collisions_by_departments: {
    department_1: "The first department of the pair, alphabetically.",
    department_2: "The second department of the pair.",
    persons: "Persons mailed by both departments within the collision window, over all months.",
  },
  pub_contact_collisions_by_month: {
    month: "Calendar month (YYYY-MM) of the later of the two messages.",
    persons: "Persons mailed by two departments within the collision window.",
  },
  pub_contact_pressure_distribution: {
    period: "The rolling period: 7 days or 30 days.",
    band_order: "Messages in the person's busiest period (the top band: that many or more).",
    band: "The band's label: a number of messages, with + on the top band.",
    cap: "Whether the band is within the contact cap for the period or over it.",
    persons: "Persons whose busiest period held that many messages.",
  },
  pub_conversion_by_last_channel: {
    stage: "The stage converted to: application (applied) or enrolled, for the intake.",
    last_channel:
      "The channel of the person's last inquiry on or before applying, or on or before the intake's application deadline for one who has not applied.",
    reached: "Persons whose last channel it was who reached the stage (applied, enrolled) for the intake.",
    inquirers: "Persons of the intake's cohorts whose last channel it was.",
    last_channel_conversion: "Conversion by last channel: reached / inquirers.",
  },
  pub_cycle_progress: {
    weeks_to_deadline:
      "Whole weeks from the day measured to the intake's application deadline (negative: after).",
    persons: "Persons who had reached the stage for the intake by that day.",
  },
  pub_data_freshness: {
    files: "Files loaded from the source.",
    rows_read: "Rows read from its files (rounded as counts are; empty under the minimum).",
    rows_loaded: "Rows loaded (rounded; empty under the minimum).",
    rows_quarantined: "Rows set aside for what they hold (rounded; empty under the minimum).",
    quarantined_share: "Share of rows read that were set aside, from the rounded counts.",
    last_loaded_at: "When the newest file was loaded.",
    newest_extract_date: "The date of the newest extract (from its file name).",
    expected_refresh_days: "How often a new extract is expected, in days (configuration).",
    days_behind_reference: "Days from the newest extract to the reference date.",
    stale:
      "True when the newest extract is older than the expected refresh period allows; empty when undated.",
  },
  pub_enrolment_forecast: {
    programme_code:
      "The programme's code (pub_programmes gives its name); all: the intake over all programmes, each person once.",
    stage: "The stage forecast at census: application, admitted, accepted or enrolled.",
    as_of: "The day the forecast is made as of: the reference date; nothing dated after it is used.",
    weeks_to_deadline:
      "Whole weeks from the as-of day to the intake's application deadline (negative: after).",
    census_weeks_to_deadline:
      "Whole weeks from the intake's census to its application deadline (negative: after).",
    status:
      "ok; too_few_cycles: the programme has one or two earlier intakes of the term, too few to forecast from; new_programme: none.",
    earlier_cycles:
      "Earlier intakes of the programme's term, with their census passed, the forecast rests on.",
    size_band:
      "The programme's size by the mean enrolment of its earlier intakes: small (under 10), medium (under 50), large.",
    base_stage:
      "The stage whose count so far is paced (the latest reached by now in this and every earlier intake); empty: none yet, the forecast is the earlier intakes' mean alone.",
    persons_so_far: "Persons who had reached the stage for the programme's intake by the as-of day.",
    expected:
      "Forecast persons at census: the base stage's count so far times the earlier intakes' mean ratio of the stage's final count to it at the same day before the deadline, weighed by precision with their mean final count.",
    expected_low80: "Lower end of the forecast's 80% interval (never below the count so far).",
    expected_high80: "Upper end of the forecast's 80% interval.",
    expected_low95: "Lower end of the forecast's 95% interval (never below the count so far).",
    expected_high95: "Upper end of the forecast's 95% interval.",
    forecast_suppressed:
      "True when the forecast is withheld because a count it rests on is withheld by disclosure control.",
  },
  pub_enrolment_forecast_backtest: {
    stage: "The stage forecast at census: application, admitted, accepted or enrolled.",
    horizon:
      "When the past forecasts were made: 12_weeks, 8_weeks, 4_weeks or 0_weeks before the application deadline, or reply_by (the reply deadline).",
    horizon_order: "The horizon's place, from 1 (12 weeks before the deadline) to 5 (the reply deadline).",
    size_band:
      "small, medium or large by the mean enrolment of the programme's earlier intakes (under 10, under 50, more), or all.",
    forecasts: "Programme x intakes forecast at that horizon whose census has passed (not persons).",
    coverage80: "Share of those forecasts whose 80% interval held the realised count.",
    coverage95: "Share of those forecasts whose 95% interval held the realised count.",
    mape: "Mean absolute percentage error: the mean of |forecast - realised| / realised (realised above 0), 0.25 = 25%.",
    coverage_suppressed: "True when coverage is withheld: too few forecasts for a share to be shown.",
  },
  pub_event_lift_by_intake: {
    event_type: "open_day or trial_lecture.",
    outcome: "applied or enrolled, for the same intake.",
    attendees_reached: "Attendees who reached the outcome.",
    attendees: "The intake's prospects who attended an event of the type.",
    comparison_reached: "Non-attending prospects who reached the outcome.",
    comparison: "The intake's prospects who did not attend.",
    attendee_rate: "The attendees' rate: attendees_reached / attendees.",
    comparison_rate: "The comparison group's rate: comparison_reached / comparison.",
    outcome_status:
      "ok, or not_yet_observable (enrolled before the intake's census): then the figures are empty.",
  },
  pub_funnel_by_channel: {
    ...FUNNEL,
    first_channel: "The channel of the cohort's first inquiry (no_inquiry: applied without one).",
    country_group:
      "domestic when the cohort's country is its intake's country, international when not, unknown when none is known.",
  },
  pub_funnel_by_intake: FUNNEL,
  pub_funnel_stages: {
    previous_stage: "The stage next-step conversion divides by, in any order.",
    ordered_previous_stage: "The same in the ordered funnel; empty for its entry stage.",
    is_entry: "True for the stage the funnel starts at (configuration funnel.entryStage).",
    before_entry: "True for a stage before the entry stage: not part of the ordered funnel.",
    data_status: "ok, or no_source when no loaded source records the stage.",
  },
  pub_identity_by_source: {
    persons: "Persons with a record in the source.",
    persons_linkable_to_records: "Of them, persons who also have a student-records (Ladok, Osiris) record.",
    share_linkable: "Share linkable: persons_linkable_to_records / persons.",
  },
  pub_inquiries_by_month_channel: {
    channel: "The inquiry's channel (web_form, fair, search, ...).",
    inquirers: "Persons who sent an inquiry that month through the channel.",
  },
  pub_open_days_by_session: {
    event_type: "open_day or trial_lecture.",
    session_date: "The session's date (YYYY-MM-DD); empty on a total row.",
    session_id: "The CRM's id of the session; empty on a total row.",
    capacity: "Places the session offered.",
    registrations: "Registrations for the session.",
    cancellations: "Registrations cancelled.",
    confirmed: "Confirmed registrations (cancellations and the waitlist left out).",
    checkins: "Check-ins at the session, walk-ins included.",
    walk_ins: "Check-ins without a registration.",
    no_shows: "Confirmed registrants never checked in.",
    open_day_no_show_rate: "No-show rate: no_shows / confirmed.",
  },
  pub_opt_outs_by_sender: {
    persons_opting_out:
      "Persons withdrawing a consent that month whom the department had mailed in the 30 days before.",
    opt_out_rate: "Opt-out rate: persons_opting_out / persons_mailed.",
  },
  pub_programmes: {
    programme_name: "The programme's name in the catalogue.",
    institution_code: "The code of the institution that gives the programme.",
    institution_name: "The institution's name.",
    level: "The programme's level (bachelor, master, ...), as the catalogue gives it.",
    language: "The language of instruction.",
  },
  pub_quarantine_by_reason: {
    reason_family: "The kind of reason: the part of reason before its colon (malformed_line, bad_date, ...).",
    reason:
      "Why the rows were set aside (malformed_line:too_many_columns, invalid_national_id:bad_checksum, ...).",
    source: "The source system; empty on the row of erased persons' rows.",
    entity: "The source's extract; empty on the row of erased persons' rows.",
    rows_quarantined: "Input rows set aside (rows, not persons).",
  },
  pub_school_coverage: {
    students_with_school: "Students whose school of origin some source names.",
    school_known: "School known: students_with_school / students.",
  },
  pub_school_feeder: {
    inquirers: "Persons from the school who inquired.",
    applicants: "Persons from the school who applied.",
    enrolled: "Persons from the school who enrolled.",
    catalogue_orders: "Catalogue orders sent to the school (orders, not persons).",
  },
  pub_school_performance: {
    outcome: "first_year_credits (credits passed in year one) or completion (a degree within nominal time).",
    adjustment: "none, or entry_grade: compared after adjusting for the students' entry grade.",
    students: "Students of the school observed on the outcome.",
    mean_outcome: "The students' mean outcome.",
    raw_difference: "Mean difference to the students' own programme-and-intake mean.",
    raw_low: "Lower end of the raw difference's 95% interval.",
    raw_high: "Upper end of the raw difference's 95% interval.",
    shrink_factor: "Empirical-Bayes weight (0-1) the raw difference is shrunk by toward 0.",
    estimate: "The shrunk estimate: shrink_factor x raw_difference.",
    estimate_low: "Lower end of the estimate's 95% interval.",
    estimate_high: "Upper end of the estimate's 95% interval.",
  },
  pub_schools: {
    school_name: "The school's name in the school catalogue.",
    school_type: "The kind of school, as the catalogue gives it.",
    municipality: "The school's municipality.",
    country: "The school's country.",
  },
  pub_upcoming_sessions: {
    event_type: "open_day or trial_lecture.",
    session_date: "The session's date (YYYY-MM-DD), after the reference date.",
    session_id: "The CRM's id of the session.",
    programme_code:
      "The programme a trial lecture is of (pub_programmes gives its name); empty for an open day.",
    capacity: "Places the session offers.",
    confirmed: "Registrations confirmed on the reference date (cancellations and the waitlist left out).",
    waitlisted: "Registrations on the waitlist on the reference date.",
    fill_rate: "Fill: confirmed / capacity, from the published counts.",
    past_confirmed:
      "Confirmed registrants of the sessions of this event type held so far (the show rate's base).",
    past_no_show_rate:
      "No-show rate of the sessions of this event type held so far: confirmed registrants never checked in / past_confirmed.",
    status: "ok, or no_history when no session of the event type has been held yet (then no prediction).",
    predicted_turnout:
      "Predicted turnout: confirmed x (1 - past_no_show_rate), of the registrations confirmed so far (walk-ins and registrations still to come not included).",
    predicted_turnout_low:
      "Lower end of the predicted turnout's 95% interval (normal approximation to the beta-binomial: who of the confirmed comes, at a show rate itself estimated).",
    predicted_turnout_high: "Upper end of the predicted turnout's 95% interval.",
  },
};

/** A column's line, or undefined when neither the registry nor the column it belongs to describes it. */
export function describeColumn(
  table: string,
  column: string,
  columns: readonly string[],
): string | undefined {
  const own = TABLES[table]?.[column] ?? SHARED[column];
  if (own !== undefined) return own;
  const derived = /^(.+)_(suppressed|low|high)$/.exec(column);
  if (!derived || !columns.includes(derived[1]!)) return undefined;
  const base = derived[1]!;
  if (describeColumn(table, base, columns) === undefined) return undefined;
  if (derived[2] === "suppressed") {
    return `True when ${base} is withheld by disclosure control (then empty); false when shown or unknown.`;
  }
  return `${derived[2] === "low" ? "Lower" : "Upper"} end of ${base}'s 95% Wilson interval, from the published counts.`;
}

/** A grain's opening clause: up to its first ":" or sentence end outside parentheses (what one row is). */
export function rowClause(grain: string): string {
  let depth = 0;
  for (let i = 0; i < grain.length; i++) {
    const c = grain[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ":" || (c === "." && (i + 1 === grain.length || grain[i + 1] === " "))))
      return grain.slice(0, i).trim();
  }
  return grain.trim();
}

export interface PublishedTableColumns {
  table: string;
  /** What one row of the table is: the opening clause of the model's grain. */
  grain: string;
  columns: { column: string; description: string | null }[];
}

/** Every published table with its columns as the warehouse has them, each with its line (null: none yet). */
export async function publishedColumnDefinitions(warehouse: Warehouse): Promise<PublishedTableColumns[]> {
  const rows = await warehouse.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'publish' ORDER BY table_name, ordinal_position`,
  );
  const grains = new Map<string, string>([
    ...discoverModels()
      .filter((model) => model.layer === "publish")
      .map((model): [string, string] => [model.table, model.grain]),
    ...(await discoverPublishSpecs()).map((spec): [string, string] => [spec.name, spec.grain]),
  ]);
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of rows) {
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  }
  return [...byTable].map(([table, columns]) => ({
    table,
    grain: rowClause(grains.get(table) ?? ""),
    columns: columns.map((column) => ({
      column,
      description: describeColumn(table, column, columns) ?? null,
    })),
  }));
}
