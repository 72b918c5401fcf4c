-- grain: one row per source system x entity: files loaded, rows read, loaded and quarantined, when the newest
-- file arrived and how old its extract is (rows, not persons: nothing here describes a person). Rows of erased
-- persons are left out of read and quarantined: counted per source they would trace where the person had been;
-- they are counted once, together, in mart_quarantine_by_reason.
-- A source is stale when its newest extract is older than the reference date by more than its expected refresh
-- period (configuration `freshness`: per source and entity, else per source, else the default). Measured against
-- the reference date, not the clock, so a rerun of a past day says what was stale that day; the site adds the
-- age against the day it was built. A source whose file names carry no date has no age: stale is NULL.
-- test: unique(source, entity)
-- test: expect(expected_refresh_days > 0)
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
),

per_source AS (
  SELECT
    source,
    entity,
    count(*) AS files,
    sum(rows_read) AS rows_read,
    sum(rows_loaded) AS rows_loaded,
    sum(rows_quarantined) AS rows_quarantined,
    round(sum(rows_quarantined) / nullif(sum(rows_read), 0), 4) AS quarantined_share,
    max(finished_at) AS last_loaded_at,
    max(file_extract_date(file_name)) AS newest_extract_date
  FROM manifest
  GROUP BY source, entity
),

expected AS (
  SELECT
    p.source,
    p.entity,
    coalesce(by_entity.refresh_days, by_source.refresh_days, d.refresh_days) AS expected_refresh_days
  FROM per_source AS p
  CROSS JOIN slm_freshness AS d
  LEFT JOIN slm_freshness_sources AS by_entity ON by_entity.key = p.source || '.' || p.entity
  LEFT JOIN slm_freshness_sources AS by_source ON by_source.key = p.source
)

SELECT
  p.*,
  x.expected_refresh_days,
  s.reference_date,
  (s.reference_date - p.newest_extract_date)::INTEGER AS days_behind_reference,
  (s.reference_date - p.newest_extract_date) > x.expected_refresh_days AS stale
FROM per_source AS p
JOIN expected AS x USING (source, entity)
CROSS JOIN slm_settings AS s
ORDER BY p.source, p.entity
