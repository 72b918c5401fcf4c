-- grain: one row per CRM form submission (submission_id); a submission delivered in several extracts keeps its latest version.
-- Clear-text identifiers stop here: the contact is carried as a keyed pseudonym only.
WITH source AS (
  SELECT * FROM raw.crm__form_submissions
),

latest AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY submission_id ORDER BY _file_id DESC, _row DESC) AS version_rank
  FROM source
)

SELECT
  submission_id,
  system_key('crm', contact_id) AS contact_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  name_key(first_name, last_name) AS name_key,
  name_phone_key(first_name, last_name, phone) AS name_phone_key,
  email_key(email) AS email_key,
  form_type,
  submitted_at,
  coalesce(nullif(lower(trim(channel)), ''), 'unknown') AS channel,
  nullif(trim(campaign), '') AS campaign,
  upper(trim(programme_code)) AS programme_code,
  upper(trim(country)) AS country_code,
  nullif(trim(school_code), '') AS school_code,
  _file_id AS file_id
FROM latest
WHERE version_rank = 1
