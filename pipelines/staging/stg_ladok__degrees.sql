-- grain: one row per degree issued (ladok_uid x degree_code).
-- test: unique(student_key, degree_code)
-- test: not_null(student_key, degree_code)
WITH source AS (
  SELECT * FROM latest_versions('raw.ladok__degrees', (ladok_uid, upper(degree_code)))
)

SELECT
  system_key('ladok', ladok_uid) AS student_key,
  national_key(personal_number, 'se') AS national_key,
  name_key(first_name, last_name) AS name_key,
  degree_name,
  upper(trim(degree_code)) AS degree_code,
  upper(trim(programme_code)) AS programme_code,
  degree_date,
  credits
FROM source
