-- grain: one row per intake of the institution calendar (slm_calendar) x metric with an observation window in the
-- metric registry (slm_metric_windows, from pipelines/metrics/registry.ts): the day its window closes and whether it
-- had closed on the reference date. closes_on = the intake's start (or census) + the window's months, + the shortest
-- nominal length (months, rounded) of the programmes that intake's students started (core.fct_programme_starts)
-- where the window adds it: before then no one of the intake can have the outcome. stages: the funnel stages the
-- window governs. An intake the calendar gives no such date for has closes_on NULL and counts as observable: there
-- is no date to hold its figures back by.
-- test: unique(intake, metric)
-- test: not_null(intake, metric, observable)
WITH settings AS (
  SELECT reference_date FROM slm_settings
),

nominal AS (
  SELECT intake, min(nominal_years) AS nominal_years
  FROM core.fct_programme_starts
  WHERE nominal_years IS NOT NULL
  GROUP BY ALL
),

windows AS (
  SELECT
    c.intake,
    w.metric,
    w.stages,
    CASE w.anchor WHEN 'start' THEN c.start_on ELSE c.census_on END
      + to_months(w.months + CASE WHEN w.plus_nominal THEN round(coalesce(n.nominal_years, 0) * 12)::INTEGER ELSE 0 END)
      AS closes_on
  FROM slm_calendar AS c
  CROSS JOIN slm_metric_windows AS w
  LEFT JOIN nominal AS n USING (intake)
)

SELECT w.intake, w.metric, w.stages, w.closes_on::DATE AS closes_on, coalesce(w.closes_on <= s.reference_date, TRUE) AS observable
FROM windows AS w
CROSS JOIN settings AS s
ORDER BY w.intake, w.metric
