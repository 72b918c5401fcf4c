-- grain: one row per source system x entity: files loaded, rows read, loaded and quarantined, and when the
-- newest file arrived (rows, not persons: nothing here describes a person). Rows of erased persons are left
-- out of read and quarantined: counted per source they would trace where the person had been; they are
-- counted once, together, in mart_quarantine_by_reason.
WITH erased AS (
  SELECT file_id, count(*) AS rows_erased
  FROM meta.quarantine
  WHERE reason = 'erased_person'
  GROUP BY file_id
),

manifest AS (
  SELECT
    m.* REPLACE (m.rows_read - coalesce(e.rows_erased, 0) AS rows_read,
                 m.rows_quarantined - coalesce(e.rows_erased, 0) AS rows_quarantined)
  FROM meta.load_manifest AS m
  LEFT JOIN erased AS e USING (file_id)
)

SELECT
  source,
  entity,
  count(*) AS files,
  sum(rows_read) AS rows_read,
  sum(rows_loaded) AS rows_loaded,
  sum(rows_quarantined) AS rows_quarantined,
  round(sum(rows_quarantined) / nullif(sum(rows_read), 0), 4) AS quarantined_share,
  max(finished_at) AS last_loaded_at,
  -- exports carry their extract date in the file name (crm_contacts_2026-10-01.csv)
  max(TRY_CAST(regexp_extract(file_name, '(\d{4}-\d{2}-\d{2})', 1) AS DATE)) AS newest_extract_date
FROM manifest
GROUP BY source, entity
ORDER BY source, entity
