-- grain: one row per run x (from person_id, to person_id) where records moved between persons: a merge when
-- the old id is gone, a split when it lives on. Accumulates: earlier runs' rows are kept as they were.
WITH this_run AS (
  SELECT run_id FROM slm_run
),

history AS (
  SELECT * FROM identity.identity_changes WHERE run_id <> (SELECT run_id FROM this_run)
),

moves AS (
  SELECT previous_person_id AS from_person_id, person_id AS to_person_id, count(*) AS records
  FROM identity.person_registry
  WHERE previous_person_id IS NOT NULL AND previous_person_id <> person_id
  GROUP BY ALL
),

survivors AS (
  SELECT DISTINCT person_id FROM identity.person_registry
)

SELECT
  (SELECT run_id FROM this_run) AS run_id,
  CASE WHEN from_person_id IN (SELECT person_id FROM survivors) THEN 'split' ELSE 'merge' END AS change,
  from_person_id,
  to_person_id,
  records
FROM moves
UNION ALL
SELECT run_id, change, from_person_id, to_person_id, records FROM history
ORDER BY run_id, from_person_id, to_person_id
