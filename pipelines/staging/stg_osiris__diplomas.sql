-- grain: one row per diploma in Osiris (student_number x exam type).
-- test: unique(student_key, exam_type)
-- test: not_null(student_key, exam_type)
WITH source AS (
  SELECT * FROM latest_versions('raw.osiris__diplomas', (student_number, exam_type))
)

SELECT
  system_key('osiris', student_number) AS student_key,
  national_key(bsn, 'nl') AS national_key,
  name_key(first_name, concat_ws(' ', name_prefix, last_name)) AS name_key,
  trim(croho_code) AS programme_code,
  exam_type,
  exam_date,
  credits
FROM source
