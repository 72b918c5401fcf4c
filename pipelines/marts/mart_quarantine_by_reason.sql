-- grain: one row per source system x entity x quarantine reason: how many input rows were set aside and why
-- (rows, not persons; the values themselves stay in meta.quarantine, which is never published).
WITH quarantine AS (
  SELECT q.*, m.source, m.entity
  FROM meta.quarantine AS q
  JOIN meta.load_manifest AS m USING (file_id)
)

SELECT
  source,
  entity,
  -- 'malformed_line:too_many_columns' and the like group under their family
  split_part(reason, ':', 1) AS reason_family,
  reason,
  count(*) AS rows_quarantined,
  count(DISTINCT file_id) AS files
FROM quarantine
GROUP BY ALL
ORDER BY source, entity, rows_quarantined DESC
