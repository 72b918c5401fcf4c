-- grain: one row per event registration (registration_id), as of the latest extract.
-- test: unique(registration_id)
-- test: not_null(registration_id)
WITH source AS (
  SELECT * FROM raw.crm__event_registrations
)

SELECT
  registration_id,
  session_id,
  system_key('crm', contact_id) AS contact_key,
  registered_at,
  lower(trim(status)) AS status,
  cancelled_at
FROM source
QUALIFY row_number() OVER (PARTITION BY registration_id ORDER BY _file_id DESC, _row DESC) = 1
