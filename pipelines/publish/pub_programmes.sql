-- grain: one row per programme of the programme catalogue: the names pages show instead of codes. A catalogue
-- describes programmes, not persons, so it is published whole; no count is in it (credits and length stay out so
-- that no number here can be read as one).
SELECT
  programme_code,
  programme_name,
  institution_code,
  institution_name,
  level,
  language
FROM staging.stg_catalogue__programmes
ORDER BY programme_code
