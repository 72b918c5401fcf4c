-- grain: one row per link rule (DESIGN §5 order): links made and records they touch; rules the configuration
-- does not use (the OR form's name-only links) are counted too, to show their impact.
SELECT
  rule,
  min(rule_order) AS rule_order,
  bool_and(rule_in_use) AS rule_in_use,
  count(*) AS links,
  count(DISTINCT record_id) + count(DISTINCT linked_record_id) AS records_touched
FROM identity.int_identity_links
GROUP BY rule
ORDER BY rule_order, rule
