-- grain: one row per link rule (DESIGN §5 order): links made and records they touch; OR-only rules are
-- counted whether or not the configuration uses them, to show their impact.
SELECT
  rule,
  min(rule_order) AS rule_order,
  bool_and(or_rule_only) AS or_rule_only,
  count(*) AS links,
  count(DISTINCT record_id) + count(DISTINCT linked_record_id) AS records_touched
FROM identity.int_identity_links
GROUP BY rule
ORDER BY rule_order, rule
