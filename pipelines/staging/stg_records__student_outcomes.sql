-- grain: one row per student record of an outcome extract (file x student_key x programme x intake); these extracts (UCI, OULAD
-- and the like) describe anonymous students of other institutions, so they do not enter identity.
-- test: unique(file_id, student_key, programme_code, intake)
-- test: not_null(dataset, file_id, student_key, programme_code, outcome)
-- test: accepted_values(outcome: graduated, dropped_out, enrolled, passed, distinction, failed, withdrawn, transferred)
WITH source AS (
  -- one student may follow several programmes or presentations (OULAD): each is its own record
  SELECT * FROM latest_versions('raw.records__student_outcomes', (_file_id, student_key, programme_code, intake))
),

files AS (
  SELECT file_id, profile, file_name FROM meta.load_manifest
)

SELECT
  f.profile AS dataset,
  s._file_id AS file_id,
  s.student_key,
  s.programme_code,
  s.intake,
  s.application_route,
  s.application_priority,
  s.prior_education,
  s.prior_education_grade,
  s.entry_grade,
  s.gender,
  s.outcome
FROM source AS s
JOIN files AS f ON f.file_id = s._file_id
