-- grain: one row per course registration (ladok_uid x course_code x term).
WITH source AS (
  SELECT * FROM raw.ladok__registrations
)

SELECT
  system_key('ladok', ladok_uid) AS student_key,
  national_key(personal_number, 'se') AS national_key,
  upper(trim(programme_code)) AS programme_code,
  upper(trim(course_code)) AS course_code,
  upper(trim(term)) AS term,
  credits,
  registered_on,
  registration_type,
  registration_type ILIKE 'första%' AS first_time
FROM source
QUALIFY row_number() OVER (PARTITION BY ladok_uid, course_code, term ORDER BY _file_id DESC, _row DESC) = 1
