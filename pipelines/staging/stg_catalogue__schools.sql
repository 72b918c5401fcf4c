-- grain: one row per school code in the school catalogue (schools of origin), latest version.
-- test: unique(school_code)
-- test: not_null(school_code)
WITH source AS (
  SELECT *, upper(trim(school_code)) AS code
  FROM latest_versions('raw.catalogue__schools', upper(trim(school_code)), keep := upper(trim(school_code)) <> '')
)

SELECT
  code AS school_code,
  nullif(trim(school_name), '') AS school_name,
  nullif(trim(school_type), '') AS school_type,
  nullif(trim(municipality), '') AS municipality,
  upper(nullif(trim(country), '')) AS country
FROM source
