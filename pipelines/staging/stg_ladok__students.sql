-- grain: one row per Ladok student (ladok_uid) with the latest extract's details; national keys from
-- every extract, since an interim number may later be replaced by a personnummer.
-- test: unique(student_key)
-- test: not_null(student_key, national_keys)
WITH source AS (
  SELECT * FROM raw.ladok__students
),

identifiers AS (
  -- sorted: a list's order is otherwise whatever the aggregation met first, and the table must be the same
  -- on every build (an incremental run keeps it, a full one rebuilds it). Each student's number is validated
  -- and hashed once, not once per extract that repeats it.
  SELECT ladok_uid, list_sort(list(DISTINCT national_key) FILTER (WHERE national_key IS NOT NULL)) AS national_keys
  FROM (
    SELECT ladok_uid, national_key(personal_number, 'se') AS national_key
    FROM (SELECT DISTINCT ladok_uid, personal_number FROM source)
  )
  GROUP BY ladok_uid
),

latest AS (
  SELECT * FROM latest_versions('raw.ladok__students', ladok_uid)
)

SELECT
  system_key('ladok', l.ladok_uid) AS student_key,
  coalesce(i.national_keys, []) AS national_keys,
  name_email_key(l.first_name, l.last_name, l.email) AS name_email_key,
  n.name_key,
  email_key(l.email) AS email_key,
  name_birth_key(l.first_name, l.last_name, l.birth_date) AS name_birth_key,
  year(l.birth_date) AS birth_year,
  upper(trim(l.sex)) AS sex,
  l.first_registered_on
FROM latest AS l
LEFT JOIN identifiers AS i USING (ladok_uid)
LEFT JOIN name_keys('latest') AS n USING (first_name, last_name)
