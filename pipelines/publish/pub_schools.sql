-- grain: one row per school of the school catalogue (schools of origin): the names pages show instead of codes. A
-- register of schools, not of persons, so it is published whole.
SELECT
  school_code,
  school_name,
  school_type,
  municipality,
  country
FROM staging.stg_catalogue__schools
ORDER BY school_code
