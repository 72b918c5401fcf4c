-- grain: one row per person-record currently known, with the durable person_id of its cluster.
-- Reads its own previous contents so a person keeps their id from run to run while their records stay together.
-- test: unique(record_id)
-- test: not_null(record_id, person_id)
WITH clusters AS (
  SELECT record_id, cluster_id FROM identity.int_record_clusters
),

previous AS (
  SELECT record_id, person_id, first_seen_run, last_changed_run FROM identity.person_registry
),

this_run AS (
  SELECT run_id FROM slm_run
),

-- how many records of each earlier person sit in each cluster now, and since when the person exists
votes AS (
  SELECT c.cluster_id, p.person_id, count(*) AS records, min(p.first_seen_run) AS since_run
  FROM clusters AS c
  JOIN previous AS p USING (record_id)
  GROUP BY ALL
),

-- after a split, the cluster holding most of a person's records keeps the id; the rest get new ids
kept_by_person AS (
  SELECT person_id, cluster_id, records, since_run
  FROM votes
  QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY records DESC, cluster_id) = 1
),

-- after a merge, the cluster keeps the id of the person bringing most records, then the longest known
kept AS (
  SELECT cluster_id, person_id
  FROM kept_by_person
  QUALIFY row_number() OVER (PARTITION BY cluster_id ORDER BY records DESC, since_run, person_id) = 1
),

-- A new person's id is derived from their cluster's anchor record (itself a pseudonym), so it needs no
-- counter, is the same on every machine, and an id that disappeared in a merge or an erasure never
-- returns for someone else.
new_ids AS (
  SELECT cluster_id, ('0x' || left(sha256('person|' || cluster_id), 15))::BIGINT AS person_id
  FROM (SELECT DISTINCT cluster_id FROM clusters) AS all_clusters
  WHERE cluster_id NOT IN (SELECT cluster_id FROM kept)
),

assigned AS (
  SELECT * FROM kept
  UNION ALL
  SELECT * FROM new_ids
)

SELECT
  c.record_id,
  a.person_id,
  p.person_id AS previous_person_id,
  coalesce(p.first_seen_run, r.run_id) AS first_seen_run,
  CASE WHEN p.person_id IS NOT DISTINCT FROM a.person_id THEN p.last_changed_run ELSE r.run_id END AS last_changed_run
FROM clusters AS c
JOIN assigned AS a USING (cluster_id)
LEFT JOIN previous AS p USING (record_id)
CROSS JOIN this_run AS r
