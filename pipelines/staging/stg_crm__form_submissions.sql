-- grain: one row per CRM form submission (submission_id); a submission delivered in several extracts keeps its latest version.
-- Clear-text identifiers stop here: the contact is carried as a keyed pseudonym only.
-- test: unique(submission_id)
-- test: not_null(submission_id, contact_key, form_type, submitted_at, channel)
-- test: accepted_values(form_type: inquiry, catalogue_order_person, catalogue_order_school, newsletter_signup, project_interest, alumni_signup, scholarship_application, arrival_registration, housing_interest)
WITH newest AS (
  SELECT * FROM latest_versions('raw.crm__form_submissions', submission_id)
),

-- a person who sends several forms with the same details is keyed once, not once per form
details AS (
  SELECT DISTINCT contact_id, first_name, last_name, email, phone FROM newest
),

senders AS (
  SELECT
    contact_id,
    first_name,
    last_name,
    email,
    phone,
    system_key('crm', contact_id) AS contact_key,
    name_email_key(first_name, last_name, email) AS name_email_key,
    n.name_key,
    name_phone_key(first_name, last_name, phone) AS name_phone_key,
    email_key(email) AS email_key
  FROM details
  LEFT JOIN name_keys('details') AS n USING (first_name, last_name)
)

SELECT
  l.submission_id,
  s.contact_key,
  s.name_email_key,
  s.name_key,
  s.name_phone_key,
  s.email_key,
  l.form_type,
  l.submitted_at,
  coalesce(nullif(lower(trim(l.channel)), ''), 'unknown') AS channel,
  nullif(trim(l.campaign), '') AS campaign,
  upper(trim(l.programme_code)) AS programme_code,
  upper(trim(l.country)) AS country_code,
  nullif(trim(l.school_code), '') AS school_code,
  l._file_id AS file_id
FROM newest AS l
JOIN senders AS s
  ON l.contact_id IS NOT DISTINCT FROM s.contact_id
  AND l.first_name IS NOT DISTINCT FROM s.first_name
  AND l.last_name IS NOT DISTINCT FROM s.last_name
  AND l.email IS NOT DISTINCT FROM s.email
  AND l.phone IS NOT DISTINCT FROM s.phone
