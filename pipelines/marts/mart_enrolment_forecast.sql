-- grain: one row per programme (and 'all': over all programmes) x intake x stage (application, admitted, accepted,
-- enrolled) for every intake whose cycle is running on the reference date (from a year before its application
-- deadline until its census): where it will land at census, as of the reference date, by the pacing method of marts.mart_enrolment_forecast_runs (whose
-- header states it): expected persons with 80% and 95% intervals, or a status saying why there is no forecast
-- (too_few_cycles: one or two earlier cycles of the programme's term; new_programme: none).
-- test: unique(programme_code, intake, stage)
-- test: not_null(programme_code, intake, stage, as_of, status, persons_so_far)
-- test: expect(status <> 'ok' OR (expected IS NOT NULL AND low95 <= expected AND expected <= high95))
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
  base_so_far,
  persons_so_far,
  expected,
  low80,
  high80,
  low95,
  high95
FROM marts.mart_enrolment_forecast_runs
WHERE horizon = 'reference_date'
ORDER BY programme_code, intake, CASE stage WHEN 'application' THEN 1 WHEN 'admitted' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END
