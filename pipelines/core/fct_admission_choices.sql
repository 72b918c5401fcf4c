-- grain: one row per application choice (system x choice_key) of the country-neutral admissions model, with its
-- person, programme (and the catalogue's institution), intake, round and every outcome step as a date (NULL = not
-- reached). A step is reached when its flag says so, the status code names it or a later step, or its own date is
-- given; it is dated by its own date, else the calendar's date for it (the round's selection date for eligible /
-- offered / reserve, the reply deadline (or the offer, if later) for accepted / declined, the census date for
-- enrolled), else the date of
-- the step before it, so a reached step is always dated. Later steps imply earlier ones: an offer implies
-- eligibility, whatever the eligibility flag says.
-- test: unique(system, choice_key)
-- test: not_null(person_id, programme_code, intake, applied_on)
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
)

SELECT
  c.system,
  c.choice_key,
  p.person_id,
  'admissions:' || c.person_key AS record_id,
  c.programme_code,
  coalesce(c.programme_name, g.programme_name) AS programme_name,
  g.institution_code,
  g.institution_name,
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
  c._file_id AS file_id
FROM dated AS c
JOIN persons AS p ON p.record_id = 'admissions:' || c.person_key
LEFT JOIN staging.stg_catalogue__programmes AS g USING (programme_code)
