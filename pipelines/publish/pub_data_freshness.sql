-- grain: one row per source system x entity: load volumes and freshness; row counts of files, not of persons,
-- so no disclosure control applies.
SELECT
  source,
  entity,
  files,
  rows_read,
  rows_loaded,
  rows_quarantined,
  quarantined_share,
  strftime(last_loaded_at, '%Y-%m-%d %H:%M') AS last_loaded_at,
  strftime(newest_extract_date, '%Y-%m-%d') AS newest_extract_date
FROM marts.mart_data_freshness
