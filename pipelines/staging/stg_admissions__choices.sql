-- grain: one row per application choice of any admissions system (system x choice_key), latest version. The
-- choice's key is the export's application id, else person x programme x intake x round (an export without ids).
-- Steps stay as the export gave them (flags, status, dates); core.fct_admission_choices resolves them into dated
-- steps with the institution calendar.
-- test: unique(system, choice_key)
-- test: not_null(person_key, programme_code, intake)
-- test: not_null(system, choice_key)
-- test: accepted_values(status: applied, ineligible, eligible, offered, reserve, accepted, declined, withdrawn, enrolled)
WITH source AS (
  SELECT * FROM latest_versions(
    'raw.admissions__choices',
    (trim(system), admissions_choice_key(application_id, person_id, programme_code, intake, round))
  )
)

SELECT
  trim(system) AS system,
  admissions_choice_key(application_id, person_id, programme_code, intake, round) AS choice_key,
  _file_id,
  -- one person-record per system: its other files (persons.attributes) give the same key
  admissions_person_key(system, person_id) AS person_key,
  national_key(national_id, 'any') AS national_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  name_key(first_name, last_name) AS name_key,
  email_key(email) AS email_key,
  name_birth_key(first_name, last_name, birth_date) AS name_birth_key,
  year(birth_date) AS birth_year,
  upper(trim(programme_code)) AS programme_code,
  nullif(trim(programme_name), '') AS programme_name,
  -- labels as the calendar matches them (trimmed, upper case)
  upper(trim(intake)) AS intake,
  nullif(trim(round), '') AS round,
  priority,
  submitted_at,
  status,
  eligible,
  eligible_on,
  offered,
  offered_on,
  reserve,
  reserve_on,
  accepted,
  accepted_on,
  declined,
  declined_on,
  withdrawn,
  withdrawn_on,
  enrolled,
  enrolled_on,
  nullif(trim(financing), '') AS financing,
  fee_paying,
  score,
  upper(nullif(trim(citizenship), '')) AS citizenship
FROM source
