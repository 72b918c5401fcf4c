-- grain: one row per calendar month x inquiry channel, persons only, after disclosure control (rounded, small cells suppressed).
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
