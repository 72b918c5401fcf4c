-- grain: one row per event registration (registration_id), as of the latest extract.
-- test: unique(registration_id)
-- test: not_null(registration_id)
WITH source AS (
  SELECT * FROM latest_versions('raw.crm__event_registrations', registration_id)
)

SELECT
  registration_id,
  session_id,
  system_key('crm', contact_id) AS contact_key,
  registered_at,
  lower(trim(status)) AS status,
  cancelled_at
FROM source
