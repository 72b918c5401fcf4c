-- grain: one row per study break (ladok_uid x programme_code x break date): tidigt avbrott (within three
-- weeks of the start: melt) or sent avbrott (drop-out).
-- test: unique(student_key, programme_code, break_date)
-- test: not_null(student_key, programme_code, break_kind)
-- test: accepted_values(break_kind: early, late, other)
WITH source AS (
  SELECT * FROM latest_versions('raw.ladok__study_breaks', (ladok_uid, upper(programme_code), break_date))
)

SELECT
  system_key('ladok', ladok_uid) AS student_key,
  national_key(personal_number, 'se') AS national_key,
  upper(trim(programme_code)) AS programme_code,
  CASE WHEN break_type ILIKE 'tidig%' THEN 'early' WHEN break_type ILIKE 'sen%' THEN 'late' ELSE 'other' END AS break_kind,
  break_type,
  break_date,
  upper(trim(term)) AS term
FROM source
