-- grain: one row per event session (session_id): open days and trial lectures with their capacity, the intake they
-- recruit for (the CRM's cohort) and the file they came from (_file_id).
-- test: unique(session_id)
-- test: not_null(session_id)
WITH source AS (
  SELECT * FROM latest_versions('raw.crm__event_sessions', session_id)
)

SELECT
  session_id,
  lower(trim(event_type)) AS event_type,
  title,
  upper(nullif(trim(programme_code), '')) AS programme_code,
  upper(trim(cohort)) AS intake,
  starts_at,
  ends_at,
  capacity,
  _file_id
FROM source
