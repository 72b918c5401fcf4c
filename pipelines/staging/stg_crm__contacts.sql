-- grain: one row per CRM contact (contact_id); a contact delivered in several extracts keeps its latest version.
-- test: unique(contact_key)
-- test: not_null(contact_key, lead_source)
WITH newest AS (
  SELECT * FROM latest_versions('raw.crm__contacts', contact_id)
)

SELECT
  system_key('crm', contact_id) AS contact_key,
  national_key(personal_number, 'se') AS national_key,
  name_email_key(first_name, last_name, email) AS name_email_key,
  n.name_key,
  name_phone_key(first_name, last_name, phone) AS name_phone_key,
  email_key(email) AS email_key,
  name_birth_key(first_name, last_name, birth_date) AS name_birth_key,
  year(birth_date) AS birth_year,
  upper(trim(country)) AS country_code,
  nullif(trim(school_code), '') AS school_code,
  upper(trim(programme_interest)) AS programme_interest,
  coalesce(nullif(lower(trim(lead_source)), ''), 'unknown') AS lead_source,
  created_at,
  modified_at,
  _file_id AS file_id
FROM newest
LEFT JOIN name_keys('newest') AS n USING (first_name, last_name)
