-- grain: one row per record x rule x identifier shared with another record: a link from the record to the
-- group's anchor (its smallest record_id). Star links give the same clusters as all pairs, without the
-- quadratic blow-up of a common identifier.
-- Records are carried by their record_no (int_record_numbers) until the end: at 1M persons the 10 M
-- identifiers below, grouped with 68-character record ids beside them, cost 30 s and 4.3 GB as a table of
-- their own and a join back; grouped once with integers, about half of each.
WITH numbers AS (
  SELECT record_id, record_no FROM identity.int_record_numbers
),

-- one row per record x identifier it carries; the rule says which DESIGN §5 rule may link on it (in order).
-- One pass over the records building every (rule, identifier) pair, then one unnest: a UNION of nine scans made
-- DuckDB materialise the records (1.8 M rows of lists at 1M persons) and read them nine times.
-- The lists are taken as int_person_records builds them, each value once (list_distinct there, or one value):
-- list_distinct again here, nine per record, made this step 2.8 s instead of 0.8 s at 1M persons.
identifiers AS (
  SELECT record_no, unnest(pairs, recursive := true)
  FROM (
    SELECT
      n.record_no,
      flatten([
        list_transform(p.national_keys, k -> {'rule_order': 1::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        list_transform(p.system_keys, k -> {'rule_order': 2::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        list_transform(p.name_email_keys, k -> {'rule_order': 3::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        -- the OR form of rule 3 links on the e-mail and on the name separately (9)
        list_transform(p.email_keys, k -> {'rule_order': 4::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        list_transform(p.name_birth_keys, k -> {'rule_order': 5::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        list_transform(p.name_employer_keys, k -> {'rule_order': 6::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        list_transform(p.name_phone_keys, k -> {'rule_order': 7::UTINYINT, 'identifier': k, 'side': 0::UTINYINT}),
        -- LinkedIn connections of the institution's page are alumni; the name alone links them to the alumni
        -- database only where it is unique on both sides (below); side tells the two apart
        CASE WHEN p.source IN ('alumni', 'linkedin') THEN
          list_transform(p.name_keys, k -> {'rule_order': 8::UTINYINT, 'identifier': k, 'side': CASE p.source WHEN 'alumni' THEN 1 ELSE 2 END::UTINYINT})
        END,
        list_transform(p.name_keys, k -> {'rule_order': 9::UTINYINT, 'identifier': k, 'side': 0::UTINYINT})
      ]) AS pairs
    FROM identity.int_person_records AS p
    JOIN numbers AS n USING (record_id)
  )
),

-- Each list holds a value once and a record is one row upstream, so a group's count is its number of records.
-- A missing identifier (a list of one key that is NULL) links nothing.
shared AS (
  SELECT rule_order, identifier, list(record_no) AS record_nos, min(record_no) AS anchor_no, count(*) AS records
  FROM identifiers
  WHERE identifier IS NOT NULL
  GROUP BY rule_order, identifier
  HAVING count(*) > 1
    -- a name is evidence only when it singles out one member and one connection: two Anna Linds among the
    -- alumni and no link is made (the review list still sees them)
    AND (rule_order <> 8 OR (count(*) = 2 AND min(side) <> max(side)))
),

-- Rules 5 to 8 rest on a name and one more attribute (birth date, employer, phone, the alumni database), which
-- namesakes share: two Hanna Öbergs at one employer, born 1926 and 1993. A group that holds two records told apart,
-- by birth years that differ or by national IDs of which they share none, is two persons, so its identifier is
-- evidence for none of its records (a third record in it could be either): no link is made on it. The rules on an
-- e-mail are not guarded: an e-mail outlives an interim number, which leaves records whose IDs share nothing.
-- (On the 20,000-person demo these groups made 84 of its 104 false pairs of records; the 19 true pairs given up
-- with them are LinkedIn connections beside two namesake members, which no rule can tell apart.)
named_members AS (
  SELECT rule_order, identifier, unnest(record_nos) AS record_no
  FROM shared
  WHERE rule_order BETWEEN 5 AND 8
),

member_facts AS (
  SELECT m.rule_order, m.identifier, m.record_no, p.birth_year, p.national_keys
  FROM named_members AS m
  JOIN numbers AS n USING (record_no)
  JOIN identity.int_person_records AS p USING (record_id)
),

told_apart AS (
  SELECT DISTINCT a.rule_order, a.identifier
  FROM member_facts AS a
  JOIN member_facts AS b
    ON b.rule_order = a.rule_order AND b.identifier = a.identifier AND b.record_no > a.record_no
  WHERE a.birth_year <> b.birth_year
     OR (len(a.national_keys) > 0 AND len(b.national_keys) > 0
         AND len(list_intersect(a.national_keys, b.national_keys)) = 0)
),

links AS (
  SELECT unnest(record_nos) AS record_no, anchor_no, rule_order, identifier, records
  FROM shared
  ANTI JOIN told_apart USING (rule_order, identifier)
),

rules AS (
  SELECT * FROM (VALUES
    (1, 'national_id'), (2, 'system_id'), (3, 'name_email'), (4, 'email'), (5, 'name_birth_date'),
    (6, 'name_employer'), (7, 'name_phone'), (8, 'alumni_unique_name'), (9, 'name')
  ) AS r (rule_order, rule)
)

SELECT
  r.record_id,
  a.record_id AS linked_record_id,
  ru.rule,
  l.rule_order::INTEGER AS rule_order,
  -- whether the configured rules use this link; the rest are kept to report what they would merge
  list_contains((SELECT identity_rules FROM slm_settings), ru.rule) AS rule_in_use,
  -- the evidence: which pseudonymised identifier the two records share, and how many records share it
  l.identifier AS evidence,
  l.records AS records_sharing,
  l.record_no,
  l.anchor_no AS linked_record_no
FROM links AS l
JOIN numbers AS r ON r.record_no = l.record_no
JOIN numbers AS a ON a.record_no = l.anchor_no
JOIN rules AS ru ON ru.rule_order = l.rule_order
WHERE l.record_no <> l.anchor_no
