-- grain: one row per alumnus (person_id with an alumni-database member record): programme and graduation year
-- (the member record with the latest graduation year), whether alumni relations may contact them and whether they
-- consent, engagement in each of the four CASE modes in the 12 months up to the reference date, the weighted
-- engagement score (weights from slm_outcomes), the volunteer pools they belong to and further study.
-- CASE modes: philanthropic, volunteer, experiential as the alumni database records them; communication =
-- connecting with the institution's LinkedIn page or signing up on an alumni form (CRM) in those 12 months.
-- Contactable: an e-mail on file and no objection (a withdrawn alumni-relations consent not given again).
-- Consenting: an alumni-relations consent valid on the reference date. The pools (guest lecture, mentoring,
-- internship offer) are alumni who have done it at some time up to the reference date.
-- test: unique(person_id)
-- test: not_null(person_id, contactable, consenting, active)
-- test: relationships(person_id -> core.dim_person.person_id)
WITH settings AS (
  SELECT
    reference_date,
    (reference_date + INTERVAL 1 DAY)::TIMESTAMP AS cutoff,
    (reference_date - INTERVAL 12 MONTH + INTERVAL 1 DAY)::TIMESTAMP AS window_start
  FROM slm_settings
),

weights AS (
  SELECT * FROM slm_outcomes
),

persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

members AS (
  SELECT p.person_id, m.member_key, m.programme_code, m.graduation_year, m.email_key
  FROM staging.stg_alumni__members AS m
  JOIN persons AS p ON p.record_id = 'alumni:' || m.member_key
),

alumni AS (
  SELECT person_id, programme_code, graduation_year, bool_or(email_key IS NOT NULL) OVER (PARTITION BY person_id) AS has_email
  FROM members
  QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY graduation_year DESC NULLS LAST, programme_code) = 1
),

engagements AS (
  SELECT m.person_id, e.engagement_type, e.case_mode, e.engaged_on::TIMESTAMP AS engaged_at
  FROM staging.stg_alumni__engagements AS e
  JOIN members AS m USING (member_key)
  WHERE e.engaged_on IS NOT NULL
  UNION ALL
  SELECT p.person_id, 'linkedin_connection', 'communication', l.connected_on::TIMESTAMP
  FROM staging.stg_linkedin__connections AS l
  JOIN persons AS p ON p.record_id = 'linkedin:' || l.connection_key
  WHERE l.connected_on IS NOT NULL
  UNION ALL
  SELECT p.person_id, 'alumni_signup', 'communication', f.submitted_at
  FROM staging.stg_crm__form_submissions AS f
  JOIN persons AS p ON p.record_id = 'crm:' || f.contact_key
  WHERE f.form_type = 'alumni_signup'
),

engaged AS (
  SELECT
    e.person_id,
    bool_or(e.case_mode = 'philanthropic' AND e.engaged_at >= s.window_start) AS philanthropic,
    bool_or(e.case_mode = 'volunteer' AND e.engaged_at >= s.window_start) AS volunteer,
    bool_or(e.case_mode = 'experiential' AND e.engaged_at >= s.window_start) AS experiential,
    bool_or(e.case_mode = 'communication' AND e.engaged_at >= s.window_start) AS communication,
    bool_or(e.engagement_type = 'guest_lecture') AS guest_lecturer,
    bool_or(e.engagement_type = 'mentoring') AS mentor,
    bool_or(e.engagement_type = 'internship_offer') AS internship_host,
    bool_or(e.engagement_type = 'further_study') AS further_study_recorded
  FROM engagements AS e
  CROSS JOIN settings AS s
  WHERE e.engaged_at < s.cutoff
  GROUP BY e.person_id
),

consents AS (
  SELECT
    person_id,
    bool_or(is_valid) AS consenting,
    bool_or(status = 'withdrawn') AND NOT bool_or(is_valid) AS objected
  FROM core.fct_consents
  WHERE purpose = 'alumni_relations'
  GROUP BY person_id
),

-- a start on a programme in the records system in a year after the graduation year
returned AS (
  SELECT DISTINCT a.person_id
  FROM alumni AS a
  JOIN core.fct_programme_starts AS s USING (person_id)
  WHERE year(s.start_on) > a.graduation_year
)

SELECT
  a.person_id,
  a.programme_code,
  a.graduation_year,
  a.has_email AND NOT coalesce(c.objected, FALSE) AS contactable,
  coalesce(c.consenting, FALSE) AS consenting,
  coalesce(e.philanthropic, FALSE) AS philanthropic,
  coalesce(e.volunteer, FALSE) AS volunteer,
  coalesce(e.experiential, FALSE) AS experiential,
  coalesce(e.communication, FALSE) AS communication,
  coalesce(e.philanthropic OR e.volunteer OR e.experiential OR e.communication, FALSE) AS active,
  (coalesce(e.philanthropic, FALSE)::INTEGER * w.weight_philanthropic
    + coalesce(e.volunteer, FALSE)::INTEGER * w.weight_volunteer
    + coalesce(e.experiential, FALSE)::INTEGER * w.weight_experiential
    + coalesce(e.communication, FALSE)::INTEGER * w.weight_communication)::DOUBLE AS engagement_score,
  coalesce(e.guest_lecturer, FALSE) AS guest_lecturer,
  coalesce(e.mentor, FALSE) AS mentor,
  coalesce(e.internship_host, FALSE) AS internship_host,
  coalesce(e.further_study_recorded, FALSE) OR r.person_id IS NOT NULL AS further_study
FROM alumni AS a
CROSS JOIN weights AS w
LEFT JOIN engaged AS e USING (person_id)
LEFT JOIN consents AS c USING (person_id)
LEFT JOIN returned AS r USING (person_id)
