-- grain: one row per source system x entity x quarantine reason, for input rows set aside for what they hold;
-- and one row, with no source or entity, for every row of an erased person (rows quarantined as
-- erased_person on a re-load of an old extract, or redacted by the erasure). Rows, not persons. An erased
-- person's rows are counted together: by source, entity, file or detail they would trace where the person
-- had been. Only what a quarantine row is and where it came from is read here, never its content.
WITH quarantine AS (
  SELECT file_id, reason, reason = 'erased_person' AS erased
  FROM meta.quarantine
),

manifest AS (
  SELECT file_id, source, entity
  FROM meta.load_manifest
)

SELECT
  CASE WHEN NOT q.erased THEN m.source END AS source,
  CASE WHEN NOT q.erased THEN m.entity END AS entity,
  -- 'malformed_line:too_many_columns' and the like group under their family
  split_part(q.reason, ':', 1) AS reason_family,
  q.reason,
  count(*) AS rows_quarantined,
  -- no file count for erased rows: it would say in how many extracts the person was
  nullif(count(DISTINCT q.file_id) FILTER (WHERE NOT q.erased), 0) AS files
FROM quarantine AS q
LEFT JOIN manifest AS m USING (file_id)
GROUP BY ALL
ORDER BY reason_family, reason, source, entity
