-- grain: one row per person-record x identifier it carries; the rule says which DESIGN §5 rule may link on it.
WITH records AS (
  SELECT * FROM identity.int_person_records
),

national_ids AS (
  SELECT record_id, 'national_id' AS rule, national_key AS identifier FROM records WHERE national_key IS NOT NULL
),

system_ids AS (
  SELECT record_id, 'system_id' AS rule, unnest(system_keys) AS identifier FROM records
),

name_and_email AS (
  SELECT record_id, 'name_email' AS rule, name_email_key AS identifier FROM records WHERE name_email_key IS NOT NULL
),

-- The OR form of rule 3 links on the name and on the e-mail separately.
name_only AS (
  SELECT record_id, 'name' AS rule, name_key AS identifier FROM records WHERE name_key IS NOT NULL
),

email_only AS (
  SELECT record_id, 'email' AS rule, email_key AS identifier FROM records WHERE email_key IS NOT NULL
)

SELECT DISTINCT record_id, rule, identifier
FROM (
  SELECT * FROM national_ids
  UNION ALL SELECT * FROM system_ids
  UNION ALL SELECT * FROM name_and_email
  UNION ALL SELECT * FROM name_only
  UNION ALL SELECT * FROM email_only
)
WHERE identifier IS NOT NULL
