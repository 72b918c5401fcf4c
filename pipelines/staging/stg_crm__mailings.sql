-- grain: one row per message sent (mailing_id) to one CRM contact.
WITH source AS (
  SELECT * FROM raw.crm__mailings
)

SELECT
  mailing_id,
  system_key('crm', contact_id) AS contact_key,
  trim(department) AS department,
  trim(campaign) AS campaign,
  lower(trim(channel)) AS channel,
  sent_at,
  -- a message the server or the post returned; an export without a status column counts none
  coalesce(lower(trim(status)) IN ('bounced', 'bounce', 'undeliverable', 'returned'), false) AS bounced
FROM source
WHERE contact_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY mailing_id ORDER BY _file_id DESC, _row DESC) = 1
