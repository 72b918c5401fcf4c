-- grain: one row per course registration (ladok_uid x course_code x term).
-- test: unique(student_key, course_code, term)
-- test: not_null(student_key, course_code, term)
WITH newest AS (
  SELECT * FROM latest_versions('raw.ladok__registrations', (ladok_uid, upper(course_code), upper(term)))
),

-- each student is keyed once, not once per registration: hashing and ID validation are most of the cost
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
  upper(trim(l.programme_code)) AS programme_code,
  upper(trim(l.course_code)) AS course_code,
  upper(trim(l.term)) AS term,
  l.credits,
  l.registered_on,
  l.registration_type,
  l.registration_type ILIKE 'första%' AS first_time
FROM newest AS l
JOIN students AS s
  ON l.ladok_uid IS NOT DISTINCT FROM s.ladok_uid AND l.personal_number IS NOT DISTINCT FROM s.personal_number
