-- grain: one row per record x rule x identifier shared with another record: a link from the record to the
-- group's anchor (its smallest record_id). Star links give the same clusters as all pairs, without the
-- quadratic blow-up of a common identifier.
WITH identifiers AS (
  SELECT * FROM identity.int_record_identifiers
),

shared AS (
  SELECT rule, identifier, min(record_id) AS anchor_record_id, count(*) AS records
  FROM identifiers
  GROUP BY rule, identifier
  HAVING count(*) > 1
    -- a name is evidence only when it singles out one member and one connection: two Anna Linds among the
    -- alumni and no link is made (the review list still sees them)
    AND (
      rule <> 'alumni_unique_name'
      OR (count(*) = 2 AND split_part(min(record_id), ':', 1) <> split_part(max(record_id), ':', 1))
    )
)

SELECT
  i.record_id,
  s.anchor_record_id AS linked_record_id,
  i.rule,
  CASE i.rule
    WHEN 'national_id' THEN 1 WHEN 'system_id' THEN 2 WHEN 'name_email' THEN 3 WHEN 'email' THEN 4
    WHEN 'name_birth_date' THEN 5 WHEN 'name_employer' THEN 6 WHEN 'name_phone' THEN 7
    WHEN 'alumni_unique_name' THEN 8 ELSE 9 END AS rule_order,
  -- whether the configured rules use this link; the rest are kept to report what they would merge
  list_contains((SELECT identity_rules FROM slm_settings), i.rule) AS rule_in_use,
  -- the evidence: which pseudonymised identifier the two records share, and how many records share it
  i.identifier AS evidence,
  s.records AS records_sharing
FROM identifiers AS i
JOIN shared AS s USING (rule, identifier)
WHERE i.record_id <> s.anchor_record_id
