-- grain: one row per source person-record (record_id = '<source>:<pseudonymous key>'), with the pseudonymised identifiers it carries.
-- Every source that describes a person adds one CTE here; identity never reads clear text.
WITH crm_contacts AS (
  -- A CRM contact is one record; its identifiers come from its most recent form.
  SELECT
    'crm:' || contact_key AS record_id,
    'crm' AS source,
    NULL::VARCHAR AS national_key,
    [contact_key] AS system_keys,
    arg_max(name_email_key, submitted_at) AS name_email_key,
    arg_max(name_key, submitted_at) AS name_key,
    arg_max(email_key, submitted_at) AS email_key,
    min(submitted_at)::DATE AS first_seen,
    max(submitted_at)::DATE AS last_seen
  FROM staging.stg_crm__form_submissions
  GROUP BY contact_key
)

SELECT * FROM crm_contacts
