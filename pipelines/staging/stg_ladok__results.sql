-- grain: one row per course result (ladok_uid x course_code x examination date).
-- test: unique(student_key, course_code, examined_on)
-- test: not_null(student_key, course_code, examined_on)
WITH newest AS (
  SELECT * FROM latest_versions('raw.ladok__results', (ladok_uid, upper(course_code), examined_on))
),

-- each student is keyed once, not once per result: hashing and ID validation are most of the cost
students AS (
  SELECT
    ladok_uid,
    personal_number,
    system_key('ladok', ladok_uid) AS student_key,
    national_key(personal_number, 'se') AS national_key
  FROM (SELECT DISTINCT ladok_uid, personal_number FROM newest)
)

SELECT
  s.student_key,
  s.national_key,
  upper(trim(l.course_code)) AS course_code,
  upper(trim(l.term)) AS term,
  upper(trim(l.grade)) AS grade,
  l.grading_scale,
  -- U (underkänd) and F/FX fail; every other grade passes
  upper(trim(l.grade)) NOT IN ('U', 'F', 'FX') AS passed,
  l.credits,
  l.examined_on
FROM newest AS l
JOIN students AS s
  ON l.ladok_uid IS NOT DISTINCT FROM s.ladok_uid AND l.personal_number IS NOT DISTINCT FROM s.personal_number
