-- grain: one row per NyA application choice (applicant_key x application_code) with an intake: the mapping of
-- antagning.se and universityadmissions.se (round "<intake>-INT") onto the country-neutral admissions model, so that
-- core.fct_admission_choices holds them beside every other system's choices. It gives the canonical columns with
-- each step already dated, by the rules the lifecycle events have always used for NyA:
-- - application: applied_on, for any application status; its detail is the status ("Anmäld", "Återtagen",
--   "Ej komplett"), with " (international round)" for universityadmissions.se;
-- - every later step only for an application still "Anmäld"; NyA exports no selection date, so a result is dated
--   on the selection date of the round that gave it (slm_calendar_rounds: the intake's 'urval 1' and 'urval 2', and
--   for the international round its one selection, the round 'international', in place of urval 1);
-- - eligible: assessed in urval 1, else urval 2, and not found ineligible ("Antagen", "Reserv", or "Struken":
--   admitted to a higher priority);
-- - offered ("Antagen") and reserve ("Reserv"): the first round with that result, detail 'urval 1' / 'urval 2'
--   (the cohort mart's admitted in urval 1 / urval 2; an international-round offer counts as urval 1 there);
-- - accepted ("Tackat ja") and declined ("Återbud"): on replied_on, detail the reply;
-- - withdrawn ("Återtagen"): NyA gives no date of it, so the application's (no lifecycle event: the application's
--   detail carries it); enrolled: never (Ladok's registration at census is the enrolment).
-- round: the round that decided the choice, as a Swedish results report names it: the first round that admitted
-- it, else its last round with a result; NULL when no round gave one (withdrawn or incomplete).
-- The Swedish status codes and round names here are the mapping itself; the dates come from the calendar.
-- record_id is the applicant's own person-record (identity.int_person_records); source_model / source_key are
-- the staging row the events cite, so their event_id stays what it was before NyA joined the canonical model.
-- test: unique(choice_key)
-- test: not_null(choice_key, record_id, intake, source_key)
-- test: relationships(record_id -> identity.int_person_records.record_id)
WITH rounds AS (
  SELECT intake, round, selection_on FROM slm_calendar_rounds
),

nya AS (
  SELECT
    n.*,
    n.application_status = 'Anmäld' AS in_selection,
    CASE WHEN n.international_round THEN 'international' ELSE 'urval 1' END AS round_1,
    c.country,
    CASE WHEN n.international_round THEN i.selection_on ELSE u1.selection_on END AS urval_1_on,
    u2.selection_on AS urval_2_on
  FROM staging.stg_nya__applications AS n
  LEFT JOIN slm_calendar AS c ON c.intake = n.intake
  LEFT JOIN rounds AS u1 ON u1.intake = n.intake AND u1.round = 'urval 1'
  LEFT JOIN rounds AS u2 ON u2.intake = n.intake AND u2.round = 'urval 2'
  LEFT JOIN rounds AS i ON i.intake = n.intake AND i.round = 'international'
  WHERE n.intake IS NOT NULL
)

SELECT
  'nya' AS system,
  n.applicant_key || ':' || n.application_code AS choice_key,
  'nya:' || n.applicant_key AS record_id,
  n.programme_code,
  n.intake,
  CASE
    WHEN n.selection_round_1 = 'Antagen' THEN n.round_1
    WHEN n.selection_round_2 IS NOT NULL THEN 'urval 2'
    WHEN n.selection_round_1 IS NOT NULL THEN n.round_1
  END AS round,
  n.priority,
  n.country,
  n.citizenship AS country_code,
  NULL::VARCHAR AS financing,
  n.fee_paying,
  n.merit_value AS score,
  NULL::TIMESTAMP AS submitted_at,
  n.applied_on,
  n.application_status || CASE WHEN n.international_round THEN ' (international round)' ELSE '' END
    AS application_detail,
  CASE WHEN n.in_selection THEN
    CASE
      WHEN n.selection_round_1 IN ('Antagen', 'Reserv', 'Struken') THEN n.urval_1_on
      WHEN n.selection_round_2 IN ('Antagen', 'Reserv', 'Struken') THEN n.urval_2_on
    END
  END AS eligible_on,
  NULL::VARCHAR AS eligible_detail,
  CASE WHEN n.in_selection THEN
    CASE
      WHEN n.selection_round_1 = 'Antagen' THEN n.urval_1_on
      WHEN n.selection_round_2 = 'Antagen' THEN n.urval_2_on
    END
  END AS offered_on,
  CASE WHEN n.selection_round_1 = 'Antagen' THEN 'urval 1' ELSE 'urval 2' END AS offered_detail,
  CASE WHEN n.in_selection THEN
    CASE
      WHEN n.selection_round_1 = 'Reserv' THEN n.urval_1_on
      WHEN n.selection_round_2 = 'Reserv' THEN n.urval_2_on
    END
  END AS reserve_on,
  CASE WHEN n.selection_round_1 = 'Reserv' THEN 'urval 1' ELSE 'urval 2' END AS reserve_detail,
  CASE WHEN n.in_selection AND n.reply = 'Tackat ja' THEN n.replied_on END AS accepted_on,
  n.reply AS accepted_detail,
  CASE WHEN n.in_selection AND n.reply = 'Återbud' THEN n.replied_on END AS declined_on,
  n.reply AS declined_detail,
  CASE WHEN n.application_status = 'Återtagen' THEN n.applied_on END AS withdrawn_on,
  NULL::DATE AS enrolled_on,
  NULL::VARCHAR AS enrolled_detail,
  'stg_nya__applications' AS source_model,
  n.application_code AS source_key,
  n._file_id AS file_id
FROM nya AS n
