-- grain: one row per programme (and all programmes) x intake x stage (application, admitted, accepted, enrolled) of every intake running
-- on the reference date: where it will land at census (marts.mart_enrolment_forecast: the pacing method), with its
-- 80% and 95% intervals, or the status saying why there is none. The forecast is a count so far times a ratio the
-- earlier cycles' published counts nearly give away, so it is shown only where the counts it rests on could be
-- (the stage's and the base stage's persons so far: 0 or at least the minimum), and rounded as a count is;
-- forecast_suppressed says where it is withheld.
WITH f AS (
  SELECT
    *,
    status = 'ok'
      AND disclosed_count(persons_so_far) IS NOT NULL
      AND disclosed_count(coalesce(base_so_far, 0)) IS NOT NULL AS shown
  FROM marts.mart_enrolment_forecast
)

SELECT
  programme_code,
  intake,
  stage,
  as_of,
  weeks_to_deadline,
  census_weeks_to_deadline,
  status,
  earlier_cycles,
  size_band,
  base_stage,
  disclosed_count(persons_so_far) AS persons_so_far,
  disclosed_count(persons_so_far) IS NULL AS persons_so_far_suppressed,
  CASE WHEN shown THEN rounded_count(round(expected)) END AS expected,
  CASE WHEN shown THEN rounded_count(round(low80)) END AS expected_low80,
  CASE WHEN shown THEN rounded_count(round(high80)) END AS expected_high80,
  CASE WHEN shown THEN rounded_count(round(low95)) END AS expected_low95,
  CASE WHEN shown THEN rounded_count(round(high95)) END AS expected_high95,
  status = 'ok' AND NOT shown AS forecast_suppressed
FROM f
ORDER BY programme_code, intake, CASE stage WHEN 'application' THEN 1 WHEN 'admitted' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END
