-- grain: one row per person-record x identifier it carries; the rule says which DESIGN §5 rule may link on it.
WITH records AS (
  SELECT * FROM identity.int_person_records
),

identifiers AS (
  SELECT record_id, 'national_id' AS rule, unnest(national_keys) AS identifier FROM records
  UNION ALL
  SELECT record_id, 'system_id', unnest(system_keys) FROM records
  UNION ALL
  SELECT record_id, 'name_email', unnest(name_email_keys) FROM records
  UNION ALL
  SELECT record_id, 'name_birth_date', unnest(name_birth_keys) FROM records
  UNION ALL
  SELECT record_id, 'name_employer', unnest(name_employer_keys) FROM records
  UNION ALL
  SELECT record_id, 'name_phone', unnest(name_phone_keys) FROM records
  UNION ALL
  -- LinkedIn connections of the institution's page are alumni; the name alone links them to the alumni
  -- database only where it is unique on both sides (int_identity_links checks that)
  SELECT record_id, 'alumni_unique_name', unnest(name_keys) FROM records WHERE source IN ('alumni', 'linkedin')
  UNION ALL
  -- the OR form of rule 3 links on the name and on the e-mail separately
  SELECT record_id, 'name', unnest(name_keys) FROM records
  UNION ALL
  SELECT record_id, 'email', unnest(email_keys) FROM records
)

SELECT DISTINCT record_id, rule, identifier
FROM identifiers
WHERE identifier IS NOT NULL
