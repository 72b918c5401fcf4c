-- grain: one row per source system x entity: load volumes and freshness. Rows of files, not persons, but a row
-- is a record of a person, and the quarantine by reason publishes these same rows rounded and suppressed: exact
-- totals here would give its hidden cells back. So they pass the same rule (rounded to the base, under the
-- minimum shown as NULL); the number of files is not about persons and stays exact. stale: the newest extract is
-- older than the reference date by more than the source's expected refresh period (mart_data_freshness).
SELECT
  source,
  entity,
  files,
  disclosed_count(rows_read) AS rows_read,
  disclosed_count(rows_loaded) AS rows_loaded,
  disclosed_count(rows_quarantined) AS rows_quarantined,
  round(rounded_count(rows_quarantined) / nullif(rounded_count(rows_read), 0), 4) AS quarantined_share,
  strftime(last_loaded_at, '%Y-%m-%d %H:%M') AS last_loaded_at,
  strftime(newest_extract_date, '%Y-%m-%d') AS newest_extract_date,
  -- how old the data is says nothing about a person: exact
  expected_refresh_days,
  days_behind_reference,
  stale
FROM marts.mart_data_freshness
