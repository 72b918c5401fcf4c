-- grain: one row per message sent (mailing_id) to one person (durable person_id), with the consent purpose its mail needs.
-- incremental: staging.stg_crm__mailings by mailing_id
-- A message to a CRM contact that identity does not know (no person-record) is left out: it has no person to count against.
-- sent_month is the calendar month of sent_at (its first day), the month the mailing marts count a message in: a
-- column, so that a mart summing per month can be keyed by (person_id, sent_month) and a daily file patch only the
-- months of the persons it mails.
-- test: unique(mailing_id)
-- test: not_null(mailing_id, person_id, contact_key, sent_at, sent_month, purpose)
-- test: relationships(person_id -> core.dim_person.person_id)
WITH mailings AS (
  SELECT mailing_id, contact_key, department, campaign, channel, sent_at, bounced
  FROM staging.stg_crm__mailings
  WHERE sent_at IS NOT NULL
),

persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

-- The purpose a campaign's mail needs: the longest configured campaign prefix, else the department's, else the default.
-- Matched per campaign, not per message: a prefix match is no equality join, and 7.6 M messages share a
-- few hundred campaigns.
by_campaign AS (
  SELECT m.campaign, p.purpose
  FROM (SELECT DISTINCT campaign FROM mailings) AS m
  JOIN slm_outreach_purposes AS p ON p.kind = 'campaign' AND starts_with(m.campaign, p.key)
  QUALIFY row_number() OVER (PARTITION BY m.campaign ORDER BY length(p.key) DESC, p.key) = 1
),

by_department AS (
  SELECT key AS department, purpose FROM slm_outreach_purposes WHERE kind = 'department'
)

SELECT
  m.mailing_id,
  r.person_id,
  m.contact_key,
  m.department,
  m.campaign,
  m.channel,
  m.sent_at,
  date_trunc('month', m.sent_at)::DATE AS sent_month,
  m.bounced,
  coalesce(c.purpose, d.purpose, s.default_purpose) AS purpose
FROM mailings AS m
JOIN persons AS r ON r.record_id = 'crm:' || m.contact_key
LEFT JOIN by_campaign AS c USING (campaign)
LEFT JOIN by_department AS d USING (department)
CROSS JOIN slm_outreach AS s
