-- grain: one row per LinkedIn connection of the institution's page (profile URL): employer and position.
-- test: unique(connection_key)
-- test: not_null(connection_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.linkedin__connections', lower(trim(profile_url)))
)

SELECT
  system_key('linkedin', lower(trim(profile_url))) AS connection_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  name_key(first_name, last_name) AS name_key,
  email_key(email) AS email_key,
  name_employer_key(first_name, last_name, company) AS name_employer_key,
  company,
  position,
  connected_on
FROM source
