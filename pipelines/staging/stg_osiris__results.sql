-- grain: one row per course result in Osiris (student_number x course_code x result date).
-- test: unique(student_key, course_code, result_on)
-- test: not_null(student_key, course_code, result_on)
WITH source AS (
  SELECT * FROM latest_versions('raw.osiris__results', (student_number, upper(course_code), result_on))
)

SELECT
  system_key('osiris', student_number) AS student_key,
  upper(trim(course_code)) AS course_code,
  academic_year,
  block,
  credits,
  grade,
  TRY_CAST(replace(grade, ',', '.') AS DOUBLE) >= 5.5 AS passed,
  result_on
FROM source
