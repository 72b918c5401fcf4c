-- grain: one row per programme code in the programme catalogue, latest version.
-- test: unique(programme_code)
-- test: not_null(programme_code)
WITH source AS (
  SELECT *, upper(trim(programme_code)) AS code
  FROM latest_versions('raw.catalogue__programmes', upper(trim(programme_code)), keep := upper(trim(programme_code)) <> '')
)

SELECT
  code AS programme_code,
  nullif(trim(programme_name), '') AS programme_name,
  upper(nullif(trim(institution_code), '')) AS institution_code,
  nullif(trim(institution_name), '') AS institution_name,
  nullif(trim(level), '') AS level,
  nullif(trim(language), '') AS language,
  credits,
  nominal_length_years
FROM source
