-- grain: one row per period ('7 days' or '30 days') x band of a person's peak: persons whose busiest rolling 7 (or 30)
-- days, all departments together, held that many messages. Bands run up to four over the cap; the top band ('+') holds
-- that many or more. pub_contact_pressure_distribution publishes it.
-- incremental: marts.mart_contact_pressure by person_id, summing persons
-- (each person is in one band per period: a daily mailings file moves only the persons it mails, and the 7.5 M
-- messages at 1M persons are not grouped again for it)
-- test: unique(period, band_order)
-- test: accepted_values(period: 7 days, 30 days)
-- test: expect(persons > 0)
WITH peaks AS (
  SELECT person_id, max(messages_7_days) AS peak_7, max(messages_30_days) AS peak_30
  FROM marts.mart_contact_pressure
  GROUP BY person_id
),

caps AS (
  SELECT cap_per_7_days AS cap_7, cap_per_30_days AS cap_30 FROM slm_outreach
),

banded AS (
  SELECT '7 days' AS period, least(peak_7, cap_7 + 4) AS band_order, peak_7 >= cap_7 + 4 AS top, peak_7 > cap_7 AS over
  FROM peaks, caps
  UNION ALL
  SELECT '30 days', least(peak_30, cap_30 + 4), peak_30 >= cap_30 + 4, peak_30 > cap_30
  FROM peaks, caps
)

SELECT
  period,
  band_order,
  band_order::VARCHAR || CASE WHEN top THEN '+' ELSE '' END AS band,
  CASE WHEN over THEN 'over the cap' ELSE 'within the cap' END AS cap,
  count(*) AS persons
FROM banded
GROUP BY ALL
ORDER BY period, band_order
