-- grain: one row per dated lifecycle stage event (event_id) of one person (person_id), with the programme and
-- intake it belongs to where the source knows them, and the source record it came from (record_id, source_model,
-- source_key). Stages (DESIGN §6): inquiry -> open_day_registered -> open_day_attended -> trial_lecture ->
-- application -> eligible -> admitted (side: reserve) -> accepted (side: declined) -> enrolled (side: early_break)
-- -> first_year_progression -> graduated or left -> alumni_registered -> alumni_engaged.
-- Events are facts: nothing here depends on the as-of date; marts cut at slm_settings.reference_date.
-- country: the (lower-case) country of the event's intake in the institution calendar (slm_calendar), else of its
-- programme's admissions system (core.dim_programme_systems; for an inquiry, else calendar.defaultSystem's).
-- test: unique(event_id)
-- test: not_null(event_id, person_id, stage, stage_order, event_date, record_id, source_model)
-- test: accepted_values(stage: inquiry, open_day_registered, open_day_attended, trial_lecture, application, eligible, admitted, reserve, accepted, declined, enrolled, early_break, first_year_progression, graduated, left, alumni_registered, alumni_engaged)
-- test: relationships(person_id -> core.dim_person.person_id)
-- test: relationships(record_id -> identity.person_registry.record_id)
WITH persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

intake_countries AS (
  SELECT intake, lower(country) AS country FROM slm_calendar
),

-- Stage rules (config lifecycle.*, TEMP table slm_stage_rules): which form types, registrations and check-ins
-- (by event type) are which stage; a type without a rule makes no event.
rules AS (
  SELECT source, value, stage FROM slm_stage_rules
),

inquiries AS (
  SELECT
    rule.stage,
    f.submitted_at AS event_at,
    f.programme_code,
    NULL::VARCHAR AS intake,
    lower(coalesce(p.country, (SELECT country FROM slm_calendar_systems WHERE is_default))) AS country,
    f.country_code,
    f.channel,
    f.campaign,
    f.form_type AS detail,
    NULL::INTEGER AS priority,
    'crm:' || f.contact_key AS record_id,
    'stg_crm__form_submissions' AS source_model,
    f.submission_id AS source_key
  FROM staging.stg_crm__form_submissions AS f
  JOIN rules AS rule ON rule.source = 'form_type' AND rule.value = f.form_type
  LEFT JOIN core.dim_programme_systems AS p ON p.programme_code = f.programme_code
  WHERE f.contact_key IS NOT NULL
),

open_day_registrations AS (
  SELECT
    rule.stage,
    r.registered_at AS event_at,
    s.programme_code,
    s.intake,
    lower(c.country) AS country,
    NULL::VARCHAR AS country_code,
    NULL::VARCHAR AS channel,
    NULL::VARCHAR AS campaign,
    r.status AS detail,
    NULL::INTEGER AS priority,
    'crm:' || r.contact_key AS record_id,
    'stg_crm__event_registrations' AS source_model,
    r.registration_id AS source_key
  FROM staging.stg_crm__event_registrations AS r
  JOIN staging.stg_crm__event_sessions AS s USING (session_id)
  JOIN rules AS rule ON rule.source = 'registration' AND rule.value = s.event_type
  LEFT JOIN intake_countries AS c ON c.intake = s.intake
  WHERE r.contact_key IS NOT NULL
),

-- A check-in is attendance, ticketed or walk-in; the check-in record is linked to its person by identity.
checkins AS (
  SELECT
    rule.stage,
    k.checked_in_at AS event_at,
    s.programme_code,
    s.intake,
    lower(c.country) AS country,
    NULL::VARCHAR AS country_code,
    NULL::VARCHAR AS channel,
    NULL::VARCHAR AS campaign,
    CASE WHEN k.walk_in THEN 'walk_in' ELSE 'ticket' END AS detail,
    NULL::INTEGER AS priority,
    'checkin:' || k.checkin_key AS record_id,
    'stg_checkin__checkins' AS source_model,
    k.checkin_key AS source_key
  FROM staging.stg_checkin__checkins AS k
  JOIN staging.stg_crm__event_sessions AS s USING (session_id)
  JOIN rules AS rule ON rule.source = 'checkin' AND rule.value = s.event_type
  LEFT JOIN intake_countries AS c ON c.intake = s.intake
),

-- Ladok: the first term with a first-time registration on a programme is the start; the student counts as
-- enrolled at census (start + 21 days) unless a tidigt avbrott came before it (melt, kept as early_break).
ladok_starts AS (
  SELECT student_key, programme_code, term, min(registered_on) AS registered_on
  FROM staging.stg_ladok__registrations
  WHERE first_time
  GROUP BY student_key, programme_code, term
  QUALIFY row_number() OVER (
    PARTITION BY student_key, programme_code ORDER BY min(registered_on), term
  ) = 1
),

ladok_early_breaks AS (
  SELECT student_key, programme_code, term, min(break_date) AS break_date
  FROM staging.stg_ladok__study_breaks
  WHERE break_kind = 'early'
  GROUP BY student_key, programme_code, term
),

ladok_events AS (
  SELECT
    CASE WHEN b.break_date IS NOT NULL AND b.break_date <= s.registered_on + 21 THEN 'early_break' ELSE 'enrolled' END AS stage,
    CASE WHEN b.break_date IS NOT NULL AND b.break_date <= s.registered_on + 21 THEN b.break_date ELSE s.registered_on + 21 END::TIMESTAMP AS event_at,
    s.programme_code,
    s.term AS intake,
    lower(c.country) AS country,
    NULL::VARCHAR AS country_code,
    NULL::VARCHAR AS channel,
    NULL::VARCHAR AS campaign,
    CASE WHEN b.break_date IS NOT NULL AND b.break_date <= s.registered_on + 21 THEN 'tidigt avbrott' ELSE 'registered at census' END AS detail,
    NULL::INTEGER AS priority,
    'ladok:' || s.student_key AS record_id,
    'stg_ladok__registrations' AS source_model,
    s.programme_code || ':' || s.term AS source_key
  FROM ladok_starts AS s
  LEFT JOIN ladok_early_breaks AS b USING (student_key, programme_code, term)
  LEFT JOIN intake_countries AS c ON c.intake = s.term

  UNION ALL
  -- first-year progression: registered on the programme again in the start term's intake one cycle later (the
  -- calendar intake whose previous intake is the start term: HT2026 after HT2025)
  SELECT
    'first_year_progression',
    min(r.registered_on)::TIMESTAMP,
    s.programme_code,
    s.term,
    lower(any_value(n.country)), NULL, NULL, NULL,
    r.term,
    NULL,
    'ladok:' || s.student_key,
    'stg_ladok__registrations',
    s.programme_code || ':' || r.term
  FROM ladok_starts AS s
  JOIN slm_calendar AS n ON n.previous_intake = s.term
  JOIN staging.stg_ladok__registrations AS r
    ON r.student_key = s.student_key AND r.programme_code = s.programme_code AND r.term = n.intake
  GROUP BY s.student_key, s.programme_code, s.term, r.term

  UNION ALL
  SELECT
    'left', b.break_date::TIMESTAMP, b.programme_code, s.term, coalesce(c.country, lower(p.country)), NULL, NULL, NULL,
    b.break_type, NULL, 'ladok:' || b.student_key, 'stg_ladok__study_breaks',
    b.programme_code || ':' || b.break_date::VARCHAR
  FROM staging.stg_ladok__study_breaks AS b
  LEFT JOIN ladok_starts AS s USING (student_key, programme_code)
  LEFT JOIN intake_countries AS c ON c.intake = s.term
  LEFT JOIN core.dim_programme_systems AS p ON p.programme_code = b.programme_code
  WHERE b.break_kind = 'late'

  UNION ALL
  SELECT
    'graduated', d.degree_date::TIMESTAMP, d.programme_code, s.term, coalesce(c.country, lower(p.country)), NULL, NULL,
    NULL, d.degree_code, NULL, 'ladok:' || d.student_key, 'stg_ladok__degrees', d.degree_code
  FROM staging.stg_ladok__degrees AS d
  LEFT JOIN ladok_starts AS s USING (student_key, programme_code)
  LEFT JOIN intake_countries AS c ON c.intake = s.term
  LEFT JOIN core.dim_programme_systems AS p ON p.programme_code = d.programme_code
),

-- Admissions, of every system, from the one admissions model (core.fct_admission_choices): the choices a profile maps
-- onto admissions.choices, and NyA's and Studielink's through their mappings (core.int_nya_choices,
-- core.int_studielink_choices). Its steps come dated, with the detail and the source row each event cites.
admission_choice_events AS (
  SELECT
    e.stage,
    e.event_on::TIMESTAMP AS event_at,
    c.programme_code,
    c.intake,
    lower(c.country) AS country,
    c.country_code,
    NULL::VARCHAR AS channel,
    NULL::VARCHAR AS campaign,
    e.detail,
    c.priority,
    c.record_id,
    c.source_model,
    c.source_key
  FROM core.fct_admission_choices AS c
  CROSS JOIN LATERAL (
    SELECT * FROM (VALUES
      ('application', c.applied_on, c.application_detail),
      ('eligible', c.eligible_on, c.eligible_detail),
      ('admitted', c.offered_on, c.offered_detail),
      ('reserve', c.reserve_on, c.reserve_detail),
      ('accepted', c.accepted_on, c.accepted_detail),
      ('declined', c.declined_on, c.declined_detail),
      ('enrolled', c.enrolled_on, c.enrolled_detail)
    ) AS v(stage, event_on, detail)
  ) AS e
  WHERE e.event_on IS NOT NULL
),

-- Studielink's de-registration after the census is leaving, not an admissions step, so it is no column of the
-- admissions model: its mapping dates it (left_on) and it becomes a `left` event here.
studielink_left AS (
  SELECT
    'left' AS stage,
    l.left_on::TIMESTAMP AS event_at,
    l.programme_code,
    l.intake,
    lower(l.country) AS country,
    l.country_code,
    NULL::VARCHAR AS channel,
    NULL::VARCHAR AS campaign,
    l.left_detail AS detail,
    l.priority,
    l.record_id,
    l.source_model,
    l.source_key
  FROM core.int_studielink_choices AS l
  WHERE l.left_on IS NOT NULL
),

alumni_events AS (
  SELECT
    'alumni_registered' AS stage, joined_on::TIMESTAMP AS event_at, programme_code, NULL::VARCHAR AS intake,
    NULL::VARCHAR AS country, country_code, NULL::VARCHAR AS channel, NULL::VARCHAR AS campaign,
    NULL::VARCHAR AS detail, NULL::INTEGER AS priority,
    'alumni:' || member_key AS record_id, 'stg_alumni__members' AS source_model, member_key AS source_key
  FROM staging.stg_alumni__members
  WHERE joined_on IS NOT NULL

  UNION ALL
  SELECT
    'alumni_engaged', e.engaged_on::TIMESTAMP, m.programme_code, NULL, NULL, NULL, NULL, NULL,
    e.engagement_type || ':' || e.case_mode, NULL,
    'alumni:' || e.member_key, 'stg_alumni__engagements', e.engagement_id
  FROM staging.stg_alumni__engagements AS e
  LEFT JOIN staging.stg_alumni__members AS m USING (member_key)
  WHERE e.engaged_on IS NOT NULL
),

events AS (
  SELECT * FROM inquiries
  UNION ALL BY NAME SELECT * FROM open_day_registrations
  UNION ALL BY NAME SELECT * FROM checkins
  UNION ALL BY NAME SELECT * FROM ladok_events
  UNION ALL BY NAME SELECT * FROM admission_choice_events
  UNION ALL BY NAME SELECT * FROM studielink_left
  UNION ALL BY NAME SELECT * FROM alumni_events
)

SELECT
  md5(e.stage || '|' || e.record_id || '|' || e.source_model || '|' || coalesce(e.source_key, '')) AS event_id,
  p.person_id,
  e.stage,
  CASE e.stage
    WHEN 'inquiry' THEN 1 WHEN 'open_day_registered' THEN 2 WHEN 'open_day_attended' THEN 3
    WHEN 'trial_lecture' THEN 4 WHEN 'application' THEN 5 WHEN 'eligible' THEN 6 WHEN 'admitted' THEN 7
    WHEN 'reserve' THEN 7 WHEN 'accepted' THEN 8 WHEN 'declined' THEN 8 WHEN 'enrolled' THEN 9
    WHEN 'early_break' THEN 9 WHEN 'first_year_progression' THEN 10 WHEN 'graduated' THEN 11
    WHEN 'left' THEN 11 WHEN 'alumni_registered' THEN 12 WHEN 'alumni_engaged' THEN 13
  END AS stage_order,
  e.event_at::DATE AS event_date,
  e.event_at::TIMESTAMP AS event_at,
  e.programme_code,
  e.intake,
  e.country,
  e.country_code,
  e.channel,
  e.campaign,
  e.detail,
  e.priority,
  e.record_id,
  e.source_model,
  e.source_key
FROM events AS e
JOIN persons AS p USING (record_id)
