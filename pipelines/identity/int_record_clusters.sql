-- grain: one row per person-record, with its cluster (connected component of the links) under the AND form
-- of rule 3 and under the OR form (which adds links on the same name or the same e-mail alone), and the one
-- the configuration chose.
WITH RECURSIVE records AS (
  SELECT record_id FROM identity.int_person_records
),

and_links AS (
  SELECT record_id, linked_record_id FROM identity.int_identity_links WHERE rule_in_use
),

or_links AS (
  SELECT record_id, linked_record_id FROM identity.int_identity_links WHERE rule_in_use OR rule IN ('name', 'email')
),

and_edges AS (
  SELECT record_id AS a, linked_record_id AS b FROM and_links
  UNION
  SELECT linked_record_id, record_id FROM and_links
),

or_edges AS (
  SELECT record_id AS a, linked_record_id AS b FROM or_links
  UNION
  SELECT linked_record_id, record_id FROM or_links
),

-- Label propagation: each record takes the smallest label among its neighbours until nothing changes.
-- USING KEY keeps one row per record, and each step only revisits records whose label just changed.
and_components(record_id, cluster) USING KEY (record_id) AS (
  SELECT record_id, record_id FROM records
  UNION
  SELECT e.b, min(c.cluster)
  FROM and_components AS c
  JOIN and_edges AS e ON e.a = c.record_id
  JOIN recurring.and_components AS r ON r.record_id = e.b
  GROUP BY e.b, r.cluster
  HAVING min(c.cluster) < r.cluster
),

or_components(record_id, cluster) USING KEY (record_id) AS (
  SELECT record_id, record_id FROM records
  UNION
  SELECT e.b, min(c.cluster)
  FROM or_components AS c
  JOIN or_edges AS e ON e.a = c.record_id
  JOIN recurring.or_components AS r ON r.record_id = e.b
  GROUP BY e.b, r.cluster
  HAVING min(c.cluster) < r.cluster
)

SELECT
  a.record_id,
  a.cluster AS cluster_and,
  o.cluster AS cluster_or,
  CASE WHEN (SELECT identity_name_rule FROM slm_settings) = 'or' THEN o.cluster ELSE a.cluster END AS cluster_id
FROM and_components AS a
JOIN or_components AS o USING (record_id)
