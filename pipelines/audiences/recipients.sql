-- grain: one row per audience member (TEMP table audience_members, resolve.sql): the CRM contact their mail goes to,
-- its clear name, e-mail and country read from raw (the only place they live), and what bars the person outright.
-- The contact: the person's CRM contact with an e-mail, the most recently changed first, ties by key. Flags:
--   erased: any identifier of any of the person's records is on meta.erasure_list (an erasure not finished yet);
--   retention_expired: the contact's details are past their retention period ($1: today, $2: days, NULL for none;
--     the rule of privacy/retention.ts, contact_details, put in place of the since placeholder by audiences/build.ts);
--   bounced: the last e-mail sent to the contact bounced.
WITH members AS (
  SELECT * FROM audience_members
),

contacts AS (
  SELECT r.person_id, c.contact_key, c.email_key, coalesce(c.modified_at, c.created_at) AS changed_at
  FROM identity.person_registry AS r
  JOIN staging.stg_crm__contacts AS c ON r.record_id = 'crm:' || c.contact_key
  WHERE r.person_id IN (SELECT person_id FROM members)
),

chosen AS (
  SELECT person_id, contact_key
  FROM contacts
  QUALIFY row_number() OVER (
    PARTITION BY person_id ORDER BY email_key IS NULL, changed_at DESC NULLS LAST, contact_key
  ) = 1
),

-- the raw rows of the chosen contacts, newest version of each (as staging reads them)
raw_contacts AS (
  SELECT system_key('crm', contact_id) AS contact_key, *
  FROM latest_versions('raw.crm__contacts', contact_id)
),

details AS (
  SELECT c.person_id, c.contact_key, w.contact_id, nullif(trim(w.first_name), '') AS first_name,
         nullif(trim(w.last_name), '') AS last_name, nullif(trim(w.email), '') AS email,
         upper(nullif(trim(w.country), '')) AS country_code,
         $2::INTEGER IS NOT NULL AND ({since}) < $1::DATE - to_days($2::INTEGER) AS retention_expired
  FROM chosen AS c
  JOIN raw_contacts AS w USING (contact_key)
),

erased AS (
  SELECT DISTINCT r.person_id
  FROM identity.person_registry AS r
  JOIN identity.int_person_records AS p USING (record_id)
  JOIN meta.erasure_list AS e
    ON e.identifier = substr(r.record_id, strpos(r.record_id, ':') + 1)
    OR list_contains(p.national_keys, e.identifier)
    OR list_contains(p.system_keys, e.identifier)
    OR list_contains(p.email_keys, e.identifier)
  WHERE r.person_id IN (SELECT person_id FROM members)
),

last_email AS (
  SELECT contact_key, arg_max(bounced, sent_at) AS bounced
  FROM core.fct_mailings
  WHERE channel = 'email' AND contact_key IN (SELECT contact_key FROM chosen)
  GROUP BY contact_key
)

SELECT
  m.person_id,
  d.contact_key,
  d.contact_id,
  d.first_name,
  d.last_name,
  d.email,
  d.country_code AS contact_country,
  m.person_id IN (SELECT person_id FROM erased) AS erased,
  coalesce(d.retention_expired, FALSE) AS retention_expired,
  coalesce(b.bounced, FALSE) AS bounced
FROM members AS m
LEFT JOIN details AS d USING (person_id)
LEFT JOIN last_email AS b USING (contact_key)
