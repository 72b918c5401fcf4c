-- grain: one row per calendar month x inquiry channel, persons only, after disclosure control (rounded, small cells suppressed).
-- A flat table (no margins, no cell shared with another table), so the disclosure macros are enough
-- here. The same table is declared in pub_inquiries_by_month_channel.ts, which publishRelease builds
-- (test/pipelines/publish checks both give the same rows); delete this file once the runner calls
-- publishRelease.
WITH mart AS (
  SELECT month, channel, inquirers FROM marts.mart_inquiries_by_month_channel
)

SELECT
  strftime(month, '%Y-%m') AS month,
  channel,
  disclosed_count(inquirers) AS inquirers,
  disclosed_count(inquirers) IS NULL AS inquirers_suppressed
FROM mart
ORDER BY month, channel
