-- grain: one row per verzoek tot inschrijving (studielink_number x CROHO x academic year x start month), latest state,
-- with the file it came from (_file_id). The intake is the academic year and the start month's first three letters
-- (2026-SEP, 2026-FEB: the institution calendar's labels for the September and February intakes of 2026/27).
-- test: unique(studielink_key, programme_code, intake)
-- test: not_null(studielink_key, programme_code)
WITH source AS (
  SELECT * FROM latest_versions('raw.studielink__enrolment_requests', (studielink_number, croho_code, academic_year, upper(left(start_month, 3))))
)

SELECT
  system_key('studielink', studielink_number) AS studielink_key,
  system_key('osiris', student_number) AS student_key,
  national_key(bsn, 'nl') AS national_key,
  -- Dutch names keep the prefix (tussenvoegsel) apart; matching uses the full surname
  name_email_key(first_name, concat_ws(' ', name_prefix, last_name), email) AS name_email_key,
  name_key(first_name, concat_ws(' ', name_prefix, last_name)) AS name_key,
  email_key(email) AS email_key,
  name_birth_key(first_name, concat_ws(' ', name_prefix, last_name), birth_date) AS name_birth_key,
  year(birth_date) AS birth_year,
  upper(trim(sex)) AS sex,
  upper(trim(nationality)) AS nationality,
  trim(croho_code) AS programme_code,
  academic_year,
  lower(trim(start_month)) AS start_month,
  academic_year::VARCHAR || '-' || upper(left(trim(start_month), 3)) AS intake,
  requested_on,
  lower(trim(request_status)) AS request_status,
  status_on,
  file_complete,
  lower(trim(admission_decision)) AS admission_decision,
  decided_on,
  numerus_fixus,
  rank_number,
  paid,
  prior_education,
  upper(trim(school_brin)) || coalesce(trim(school_branch), '') AS school_code,
  secondary_final_grade,
  _file_id
FROM source
