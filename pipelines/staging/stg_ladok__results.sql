-- grain: one row per course result (ladok_uid x course_code x examination date).
WITH source AS (
  SELECT * FROM raw.ladok__results
)

SELECT
  system_key('ladok', ladok_uid) AS student_key,
  national_key(personal_number, 'se') AS national_key,
  upper(trim(course_code)) AS course_code,
  upper(trim(term)) AS term,
  upper(trim(grade)) AS grade,
  grading_scale,
  -- U (underkänd) and F/FX fail; every other grade passes
  upper(trim(grade)) NOT IN ('U', 'F', 'FX') AS passed,
  credits,
  examined_on
FROM source
QUALIFY row_number() OVER (PARTITION BY ladok_uid, course_code, examined_on ORDER BY _file_id DESC, _row DESC) = 1
