-- grain: one row per person (person_id) x programme x intake: a student who started a programme and was still
-- registered at census (SE, Ladok: first-time registration, no tidigt avbrott within 21 days; NL, Studielink: a
-- VTI ingeschreven on 1 October / 1 March), with the background advisers break cohorts down by (prior education, application
-- route, entry grade, school of origin, open-day attendance, family member who studied here) and the outcomes of
-- the start, each NULL while its observation window is still open on the reference date.
-- Terms are the institution calendar's intakes (slm_calendar), numbered within their system in order of deadline, so
-- "the next term" is +1; "the same term a year later" is the intake whose previous intake the term is (HT2026 for
-- HT2025). A registration in a term the calendar does not know is left out.
-- Year one = the start term and the next; its credits are the registrations of those terms on the programme
-- (HST) and the credits of their courses passed within a year of the start (HPR), counted once per course.
-- NL (Osiris has results, not course registrations): year one = the 12 months from the intake's start in the calendar
-- (by default 1 September or 1 February), HST = 60 EC (a full-time year), HPR = EC of passed results in it, one per
-- course; progression = not uitgeschreven within the year; a break or dropout = uitgeschreven after the census.
-- country: the (lower-case) country of the intake in the calendar; an applicant of another nationality or citizenship
-- came by the international route.
-- Nominal time = the programme's usual degree credits / 60 per year (NL: the Bachelor diploma's EC); a degree counts as "within nominal time"
-- when issued by start + nominal years + 183 days (students apply for the degree after their last term).
-- test: unique(person_id, programme_code, intake)
-- test: not_null(person_id, programme_code, intake, application_route)
-- test: accepted_values(application_route: national, international, no_application)
-- test: relationships(person_id -> core.dim_person.person_id)
-- test: relationships(programme_code -> core.dim_programme_systems.programme_code)
WITH settings AS (
  SELECT reference_date FROM slm_settings
),

persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

terms AS (
  SELECT
    intake AS term,
    lower(country) AS country,
    row_number() OVER (PARTITION BY system ORDER BY deadline, intake) AS term_index
  FROM slm_calendar
),

registrations AS (
  SELECT r.*, t.term_index
  FROM staging.stg_ladok__registrations AS r
  JOIN terms AS t USING (term)
),

first_terms AS (
  SELECT student_key, programme_code, term, term_index, min(registered_on) AS start_on
  FROM registrations
  WHERE first_time
  GROUP BY student_key, programme_code, term, term_index
  QUALIFY row_number() OVER (PARTITION BY student_key, programme_code ORDER BY min(registered_on), term_index) = 1
),

breaks AS (
  SELECT student_key, programme_code, break_kind, break_date FROM staging.stg_ladok__study_breaks
),

starts AS (
  SELECT f.*, p.person_id
  FROM first_terms AS f
  JOIN persons AS p ON p.record_id = 'ladok:' || f.student_key
  CROSS JOIN settings AS s
  WHERE f.start_on + 21 <= s.reference_date
    AND NOT EXISTS (
      SELECT 1 FROM breaks AS b
      WHERE b.student_key = f.student_key AND b.programme_code = f.programme_code
        AND b.break_kind = 'early' AND b.break_date <= f.start_on + 21
    )
  -- One start per person, programme and intake, whatever Ladok records identity gave the person: a record entered
  -- twice in Ladok, or two namesakes identity merged (at 1M demo persons two such starts stopped the run). The
  -- earlier start is kept, a tie the lower student key: arbitrary but fixed with the key, so the same on every run.
  QUALIFY row_number() OVER (PARTITION BY p.person_id, f.programme_code, f.term ORDER BY f.start_on, f.student_key) = 1
),

year_one_registrations AS (
  SELECT s.student_key, s.programme_code, r.course_code, r.term, r.credits
  FROM starts AS s
  JOIN registrations AS r
    ON r.student_key = s.student_key AND r.programme_code = s.programme_code
   AND r.term_index BETWEEN s.term_index AND s.term_index + 1
),

year_one_passed AS (
  SELECT y.student_key, y.programme_code, y.course_code, y.term, max(res.credits) AS credits
  FROM year_one_registrations AS y
  JOIN starts AS s USING (student_key, programme_code)
  JOIN staging.stg_ladok__results AS res
    ON res.student_key = y.student_key AND res.course_code = y.course_code AND res.term = y.term
  WHERE res.passed AND res.examined_on < s.start_on + INTERVAL 1 YEAR
  GROUP BY ALL
),

year_one AS (
  SELECT
    r.student_key,
    r.programme_code,
    sum(r.credits)::DOUBLE AS credits_registered,
    coalesce(sum(p.credits), 0)::DOUBLE AS credits_passed
  FROM year_one_registrations AS r
  LEFT JOIN year_one_passed AS p USING (student_key, programme_code, course_code, term)
  GROUP BY ALL
),

second_year AS (
  SELECT DISTINCT s.student_key, s.programme_code
  FROM starts AS s
  JOIN slm_calendar AS n ON n.previous_intake = s.term
  JOIN registrations AS r
    ON r.student_key = s.student_key AND r.programme_code = s.programme_code AND r.term = n.intake
),

late_breaks AS (
  SELECT student_key, programme_code, min(break_date) AS first_late_break
  FROM breaks
  WHERE break_kind = 'late'
  GROUP BY ALL
),

degrees AS (
  SELECT student_key, programme_code, min(degree_date) AS graduated_on
  FROM staging.stg_ladok__degrees
  GROUP BY ALL
),

nominal AS (
  SELECT programme_code, round(median(credits) / 60.0, 1) AS nominal_years
  FROM staging.stg_ladok__degrees
  WHERE credits > 0
  GROUP BY ALL
),

-- the application that led to the start: the admitted choice for the programme and intake, else any choice for it.
-- One person's two applicant records (merged by identity) can hold the same choice, equal on decision, date and
-- application code but not on merit or selection group: the lower applicant key wins, an arbitrary order but a
-- fixed one (with the key), so the start's entry grade and prior education are the same on every run.
applications AS (
  SELECT
    p.person_id,
    a.programme_code,
    a.intake,
    a.selection_group,
    a.merit_value,
    a.international_round
  FROM staging.stg_nya__applications AS a
  JOIN persons AS p ON p.record_id = 'nya:' || a.applicant_key
  QUALIFY row_number() OVER (
    PARTITION BY p.person_id, a.programme_code, a.intake
    ORDER BY (a.admission_decision = 'Antagen') DESC NULLS LAST, a.applied_on DESC, a.application_code, a.applicant_key
  ) = 1
),

open_days AS (
  SELECT person_id, min(event_at) AS first_attended_at
  FROM core.fct_lifecycle_events
  WHERE stage = 'open_day_attended'
  GROUP BY ALL
),

-- a relative (sibling, parent) who enrolled, graduated or joined the alumni database before this start
-- In two steps, the first materialised: inside the run's transaction the tables have no statistics, and
-- with all three in one join DuckDB paired persons with persons on `<>` first (1.3 billion rows at 20k).
relation_persons AS MATERIALIZED (
  SELECT a.person_id, r.related_contact_key
  FROM staging.stg_crm__relations AS r
  JOIN persons AS a ON a.record_id = 'crm:' || r.contact_key
),

relatives AS (
  SELECT DISTINCT rp.person_id, b.person_id AS relative_id
  FROM relation_persons AS rp
  JOIN persons AS b ON b.record_id = 'crm:' || rp.related_contact_key
  WHERE rp.person_id <> b.person_id
),

relatives_studied AS (
  SELECT r.person_id, min(e.event_at) AS first_studied_at
  FROM relatives AS r
  JOIN core.fct_lifecycle_events AS e ON e.person_id = r.relative_id
  WHERE e.stage IN ('enrolled', 'graduated', 'alumni_registered')
  GROUP BY ALL
),

se_starts AS (
  SELECT
    s.person_id,
    s.programme_code,
    s.term AS intake,
    t.country,
    s.start_on,
    coalesce(a.selection_group, 'unknown') AS prior_education,
    CASE WHEN a.person_id IS NULL THEN 'no_application' WHEN a.international_round THEN 'international' ELSE 'national' END
      AS application_route,
    a.merit_value AS entry_grade,
    coalesce(y.credits_registered, 0) AS credits_registered,
    coalesce(y.credits_passed, 0) AS credits_passed,
    sy.student_key IS NOT NULL AS progressed,
    lb.first_late_break,
    n.nominal_years,
    d.graduated_on
  FROM starts AS s
  LEFT JOIN year_one AS y USING (student_key, programme_code)
  LEFT JOIN second_year AS sy USING (student_key, programme_code)
  LEFT JOIN late_breaks AS lb USING (student_key, programme_code)
  LEFT JOIN degrees AS d USING (student_key, programme_code)
  LEFT JOIN nominal AS n USING (programme_code)
  LEFT JOIN applications AS a ON a.person_id = s.person_id AND a.programme_code = s.programme_code AND a.intake = s.term
  LEFT JOIN terms AS t ON t.term = s.term
),

studielink AS (
  SELECT l.*, c.start_on, c.census_on, c.country AS intake_country
  FROM staging.stg_studielink__enrolment_requests AS l
  JOIN slm_calendar AS c ON c.intake = l.intake
),

nl_enrolled AS (
  SELECT l.*, p.person_id, CASE WHEN l.request_status = 'uitgeschreven' THEN l.status_on END AS left_on
  FROM studielink AS l
  JOIN persons AS p ON p.record_id = 'studielink:' || l.studielink_key
  CROSS JOIN settings AS st
  WHERE l.census_on <= st.reference_date
    AND studielink_enrolled(l.request_status, l.status_on, l.census_on)
),

nl_passed AS (
  SELECT e.studielink_key, r.course_code, max(r.credits) AS credits
  FROM nl_enrolled AS e
  JOIN staging.stg_osiris__results AS r
    ON r.student_key = e.student_key AND r.result_on >= e.start_on AND r.result_on < e.start_on + INTERVAL 1 YEAR
  WHERE r.passed
  GROUP BY ALL
),

nl_diplomas AS (
  SELECT student_key, programme_code, min(exam_date) AS graduated_on
  FROM staging.stg_osiris__diplomas
  WHERE exam_type ILIKE 'bachelor%'
  GROUP BY ALL
),

nl_nominal AS (
  SELECT programme_code, round(median(credits) / 60.0, 1) AS nominal_years
  FROM staging.stg_osiris__diplomas
  WHERE exam_type ILIKE 'bachelor%' AND credits > 0
  GROUP BY ALL
),

nl_starts AS (
  SELECT
    e.person_id,
    e.programme_code,
    e.intake,
    lower(e.intake_country) AS country,
    e.start_on,
    coalesce(e.prior_education, 'unknown') AS prior_education,
    CASE WHEN e.nationality = e.intake_country THEN 'national' ELSE 'international' END AS application_route,
    e.secondary_final_grade AS entry_grade,
    60.0 AS credits_registered,
    coalesce((SELECT sum(p.credits) FROM nl_passed AS p WHERE p.studielink_key = e.studielink_key), 0) AS credits_passed,
    e.left_on IS NULL OR e.left_on >= e.start_on + INTERVAL 1 YEAR AS progressed,
    e.left_on AS first_late_break,
    n.nominal_years,
    d.graduated_on
  FROM nl_enrolled AS e
  LEFT JOIN nl_diplomas AS d USING (student_key, programme_code)
  LEFT JOIN nl_nominal AS n USING (programme_code)
  -- the latest request; one person's two Studielink numbers (merged by identity) requesting on the same day are
  -- broken by the later status, then the lower Studielink key (unique here): fixed, so a tie falls the same way
  -- on every run
  QUALIFY row_number() OVER (
    PARTITION BY e.person_id, e.programme_code, e.intake
    ORDER BY e.requested_on DESC, e.status_on DESC NULLS LAST, e.studielink_key
  ) = 1
),

all_starts AS (
  SELECT * FROM se_starts
  UNION ALL BY NAME
  SELECT * FROM nl_starts
)

SELECT
  s.person_id,
  s.programme_code,
  s.intake,
  s.country,
  s.start_on,
  s.prior_education,
  s.application_route,
  s.entry_grade,
  sc.school_code,
  coalesce(o.first_attended_at < s.start_on, FALSE) AS open_day_attended,
  coalesce(f.first_studied_at < s.start_on, FALSE) AS family_studied_here,
  s.start_on + INTERVAL 1 YEAR <= st.reference_date AS year_one_complete,
  CASE WHEN s.start_on + INTERVAL 1 YEAR <= st.reference_date THEN s.credits_registered::DOUBLE END AS credits_registered_y1,
  CASE WHEN s.start_on + INTERVAL 1 YEAR <= st.reference_date THEN s.credits_passed::DOUBLE END AS credits_passed_y1,
  CASE WHEN s.start_on + INTERVAL 1 YEAR <= st.reference_date THEN s.progressed END AS progressed_y2,
  CASE WHEN s.start_on + INTERVAL 1 YEAR <= st.reference_date
    THEN coalesce(s.first_late_break < s.start_on + INTERVAL 1 YEAR, FALSE) END AS study_break_y1,
  s.nominal_years,
  s.graduated_on,
  CASE WHEN s.start_on + to_days(CAST(s.nominal_years * 365.25 + 183 AS INTEGER)) <= st.reference_date
    THEN coalesce(s.graduated_on <= s.start_on + to_days(CAST(s.nominal_years * 365.25 + 183 AS INTEGER)), FALSE) END
    AS graduated_nominal,
  CASE WHEN s.start_on + to_days(CAST((s.nominal_years + 1) * 365.25 + 183 AS INTEGER)) <= st.reference_date
    THEN coalesce(s.graduated_on <= s.start_on + to_days(CAST((s.nominal_years + 1) * 365.25 + 183 AS INTEGER)), FALSE) END
    AS graduated_nominal_plus_1,
  s.first_late_break IS NOT NULL AND s.first_late_break <= st.reference_date
    AND (s.graduated_on IS NULL OR s.graduated_on > st.reference_date) AS dropped_out
FROM all_starts AS s
CROSS JOIN settings AS st
LEFT JOIN core.dim_person_school AS sc ON sc.person_id = s.person_id
LEFT JOIN open_days AS o ON o.person_id = s.person_id
LEFT JOIN relatives_studied AS f ON f.person_id = s.person_id
