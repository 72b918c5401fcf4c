-- grain: one row per person-record x identifier it carries; the rule says which DESIGN §5 rule may link on it.
WITH records AS (
  SELECT * FROM identity.int_person_records
),

identifiers AS (
  SELECT record_id, 'national_id' AS rule, unnest(list_distinct(national_keys)) AS identifier FROM records
  UNION ALL
  SELECT record_id, 'system_id', unnest(list_distinct(system_keys)) FROM records
  UNION ALL
  SELECT record_id, 'name_email', unnest(list_distinct(name_email_keys)) FROM records
  UNION ALL
  SELECT record_id, 'name_birth_date', unnest(list_distinct(name_birth_keys)) FROM records
  UNION ALL
  SELECT record_id, 'name_employer', unnest(list_distinct(name_employer_keys)) FROM records
  UNION ALL
  SELECT record_id, 'name_phone', unnest(list_distinct(name_phone_keys)) FROM records
  UNION ALL
  -- LinkedIn connections of the institution's page are alumni; the name alone links them to the alumni
  -- database only where it is unique on both sides (int_identity_links checks that)
  SELECT record_id, 'alumni_unique_name', unnest(list_distinct(name_keys)) FROM records WHERE source IN ('alumni', 'linkedin')
  UNION ALL
  -- the OR form of rule 3 links on the name and on the e-mail separately
  SELECT record_id, 'name', unnest(list_distinct(name_keys)) FROM records
  UNION ALL
  SELECT record_id, 'email', unnest(list_distinct(email_keys)) FROM records
)

-- A record is one row upstream and each list is made distinct here (list_distinct also drops NULLs), so no
-- DISTINCT over all identifiers is needed: at 1M persons that hash aggregate over 10 M strings took 10 s.
SELECT record_id, rule, identifier
FROM identifiers
