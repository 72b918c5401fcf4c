-- The identity evidence: which of the person's records identity linked, and by which rule (only rules in use make
-- links; records_sharing = how many records carry the evidence). The evidence itself is a keyed hash, left out.
-- grain: one row per link between two of the person's records
SELECT l.linked_record_id AS record_id, l.record_id AS linked_record_id, l.rule, l.records_sharing::INTEGER AS records_sharing
FROM identity.int_identity_links AS l
WHERE l.rule_in_use
  AND l.record_id IN (SELECT record_id FROM person_records)
  AND l.linked_record_id IN (SELECT record_id FROM person_records)
ORDER BY l.rule_order, record_id, linked_record_id
