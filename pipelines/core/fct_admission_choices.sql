-- grain: one row per application choice (system x choice_key) of the country-neutral admissions model, the one
-- admissions model every later model reads: the choices of staging.stg_admissions__choices (any system a profile maps
-- onto admissions.choices) and, through their small documented mappings, NyA's (core.int_nya_choices: antagning.se
-- and universityadmissions.se) and Studielink's (core.int_studielink_choices). Each has its person, programme (and the
-- catalogue's institution), intake, round and every outcome step as a date (NULL = not reached).
-- A canonical choice's step is reached when its flag says so, the status code names it or a later step, or its own
-- date is given; it is dated by its own date, else the calendar's date for it (the round's selection date for
-- eligible / offered / reserve, the reply deadline (or the offer, if later) for accepted / declined, the census date
-- for enrolled), else the date of the step before it, so a reached step is always dated. Later steps imply earlier
-- ones: an offer implies eligibility, whatever the eligibility flag says. A mapped system's steps come dated by its
-- mapping's own rules (the rules its lifecycle events have always had).
-- <step>_detail: the detail of the step's lifecycle event (core.fct_lifecycle_events): for a canonical choice its
-- round (the application's: 'applied' or 'withdrawn'); for a mapped one what its events have always carried (NyA's
-- application status, 'urval 1' / 'urval 2', the reply; Studielink's request status, decision, 'betaling').
-- source_model / source_key: the model and key the step's lifecycle event cites (its event_id is built of them):
-- 'fct_admission_choices' and choice_key for a canonical choice, the staging row for a mapped one.
-- A canonical choice always has a programme, an intake and an application date; a mapped one has them where its
-- export does (NyA and Studielink leave them optional, and their events have always been made without them).
-- test: unique(system, choice_key)
-- test: not_null(person_id, record_id, system, source_model)
-- test: expect(source_model <> 'fct_admission_choices' OR (programme_code IS NOT NULL AND intake IS NOT NULL AND applied_on IS NOT NULL))
-- test: relationships(person_id -> core.dim_person.person_id)
-- test: relationships(record_id -> identity.person_registry.record_id)
-- test: relationships(programme_code -> core.dim_programme_systems.programme_code)
WITH persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

calendar AS (
  SELECT intake, country, deadline, census_on, reply_by FROM slm_calendar
),

rounds AS (
  SELECT intake, round, selection_on FROM slm_calendar_rounds
),

-- the furthest step each status code stands for, as a rank: a step is reached when the status ranks at or above
status_ranks AS (
  SELECT * FROM (VALUES
    ('applied', 0), ('ineligible', 0), ('withdrawn', 0), ('eligible', 1), ('reserve', 2), ('offered', 3),
    ('declined', 4), ('accepted', 4), ('enrolled', 5)
  ) AS s(status, rank)
),

choices AS (
  SELECT
    c.*,
    coalesce(r.rank, -1) AS status_rank
  FROM staging.stg_admissions__choices AS c
  LEFT JOIN status_ranks AS r USING (status)
),

reached AS (
  SELECT
    c.*,
    coalesce(c.enrolled, FALSE) OR c.status = 'enrolled' OR c.enrolled_on IS NOT NULL AS is_enrolled,
    coalesce(c.accepted, FALSE) OR c.status IN ('accepted', 'enrolled') OR c.accepted_on IS NOT NULL
      OR coalesce(c.enrolled, FALSE) OR c.enrolled_on IS NOT NULL AS is_accepted,
    coalesce(c.declined, FALSE) OR c.status = 'declined' OR c.declined_on IS NOT NULL AS is_declined,
    coalesce(c.reserve, FALSE) OR c.status = 'reserve' OR c.reserve_on IS NOT NULL AS is_reserve,
    coalesce(c.withdrawn, FALSE) OR c.status = 'withdrawn' OR c.withdrawn_on IS NOT NULL AS is_withdrawn
  FROM choices AS c
),

steps AS (
  SELECT
    r.*,
    r.is_accepted OR r.is_declined OR coalesce(r.offered, FALSE) OR r.status_rank >= 3 OR r.offered_on IS NOT NULL
      AS is_offered
  FROM reached AS r
),

dated AS (
  SELECT
    s.*,
    coalesce(s.submitted_at::DATE, k.deadline) AS applied_date,
    coalesce(s.offered_on, d.selection_on) AS offered_date,
    k.country,
    k.reply_by,
    k.census_on,
    d.selection_on
  FROM steps AS s
  LEFT JOIN calendar AS k USING (intake)
  LEFT JOIN rounds AS d ON d.intake = s.intake AND d.round IS NOT DISTINCT FROM s.round
),

canonical AS (
  SELECT
    c.system,
    c.choice_key,
    'admissions:' || c.person_key AS record_id,
    c.programme_code,
    c.programme_name,
    c.intake,
    c.round,
    c.priority,
    c.country,
    c.citizenship AS country_code,
    c.financing,
    c.fee_paying,
    c.score,
    c.submitted_at,
    coalesce(c.applied_date, c.eligible_on, c.offered_date) AS applied_on,
    CASE
      WHEN coalesce(c.eligible, FALSE) OR c.status_rank >= 1 OR c.eligible_on IS NOT NULL OR c.is_offered OR c.is_reserve
        THEN coalesce(c.eligible_on, c.selection_on, c.offered_date, c.reserve_on, c.applied_date)
    END AS eligible_on,
    CASE WHEN c.is_offered THEN coalesce(c.offered_date, c.applied_date) END AS offered_on,
    CASE WHEN c.is_reserve THEN coalesce(c.reserve_on, c.selection_on, c.applied_date) END AS reserve_on,
    -- an offer made after the intake's reply deadline (a later round) is answered no earlier than it was made
    CASE WHEN c.is_accepted THEN coalesce(c.accepted_on, greatest(c.reply_by, c.offered_date), c.applied_date) END
      AS accepted_on,
    CASE WHEN c.is_declined THEN coalesce(c.declined_on, greatest(c.reply_by, c.offered_date), c.applied_date) END
      AS declined_on,
    CASE WHEN c.is_withdrawn THEN coalesce(c.withdrawn_on, c.applied_date) END AS withdrawn_on,
    CASE WHEN c.is_enrolled THEN coalesce(c.enrolled_on, c.census_on, c.accepted_on, c.applied_date) END AS enrolled_on,
    CASE WHEN c.is_withdrawn AND coalesce(c.withdrawn_on, c.applied_date) IS NOT NULL THEN 'withdrawn' ELSE 'applied' END
      AS application_detail,
    c.round AS eligible_detail,
    c.round AS offered_detail,
    c.round AS reserve_detail,
    c.round AS accepted_detail,
    c.round AS declined_detail,
    c.round AS enrolled_detail,
    'fct_admission_choices' AS source_model,
    c.choice_key AS source_key,
    c._file_id AS file_id
  FROM dated AS c
),

choices_all AS (
  SELECT * FROM canonical
  UNION ALL BY NAME
  SELECT * EXCLUDE (left_on, left_detail) FROM core.int_studielink_choices
  UNION ALL BY NAME
  SELECT * FROM core.int_nya_choices
)

SELECT
  c.system,
  c.choice_key,
  p.person_id,
  c.record_id,
  c.programme_code,
  coalesce(c.programme_name, g.programme_name) AS programme_name,
  g.institution_code,
  g.institution_name,
  c.intake,
  c.round,
  c.priority,
  c.country,
  c.country_code,
  c.financing,
  c.fee_paying,
  c.score,
  c.submitted_at,
  c.applied_on,
  c.eligible_on,
  c.offered_on,
  c.reserve_on,
  c.accepted_on,
  c.declined_on,
  c.withdrawn_on,
  c.enrolled_on,
  c.application_detail,
  c.eligible_detail,
  c.offered_detail,
  c.reserve_detail,
  c.accepted_detail,
  c.declined_detail,
  c.enrolled_detail,
  c.source_model,
  c.source_key,
  c.file_id
FROM choices_all AS c
JOIN persons AS p USING (record_id)
LEFT JOIN staging.stg_catalogue__programmes AS g USING (programme_code)
