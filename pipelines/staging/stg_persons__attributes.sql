-- grain: one row per person of one system (system x person_id), latest version: the attributes a file keyed by a
-- person id gives (school of origin, birth year, sex, municipality, nationality, prior education).
-- test: unique(person_key)
-- test: not_null(system, person_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.persons__attributes', (trim(system), trim(person_id)))
)

SELECT
  trim(system) AS system,
  -- the same key the system's choices carry (stg_admissions__choices), so both are one person-record
  admissions_person_key(system, person_id) AS person_key,
  _file_id,
  national_key(national_id, 'any') AS national_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  name_key(first_name, last_name) AS name_key,
  email_key(email) AS email_key,
  name_birth_key(first_name, last_name, birth_date) AS name_birth_key,
  coalesce(year(birth_date), birth_year) AS birth_year,
  upper(nullif(trim(sex), '')) AS sex,
  nullif(trim(municipality), '') AS municipality,
  upper(nullif(trim(nationality), '')) AS nationality,
  upper(nullif(trim(school_code), '')) AS school_code,
  nullif(trim(school_name), '') AS school_name,
  nullif(trim(prior_education), '') AS prior_education
FROM source
