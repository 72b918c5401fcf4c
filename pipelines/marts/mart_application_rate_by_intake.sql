-- grain: one row per intake x programme_code ('all' = every programme of the intake; NULL = a cohort naming no
-- programme), as of slm_settings.reference_date, for the intakes with inquirers. application_rate (DESIGN §6) = the
-- intake's inquirers who applied for it / the intake's inquirers, over the funnel's cohorts (marts.mart_funnel_by_cohort,
-- any order, the step inquiry -> application): a person is an inquirer of one intake only, the cohort of their first
-- application's choice, else of their first open day or trial lecture, else of their first inquiry's cycle (the first
-- intake the programme runs whose deadline follows it, core.dim_inquiry_cycles), and of that cohort's programme. So
-- the rate is the funnel page's, and an inquirer who inquired again in a later cycle is not counted in two intakes.
-- Without an inquiry (or application) source the figures are NULL, never 0.
-- test: unique(intake, programme_code)
-- test: expect(coalesce(application_rate_num <= application_rate_den, application_rate_num IS NULL AND application_rate_den IS NULL))
WITH step AS (
  SELECT
    intake,
    programme_code,
    next_step_conversion_num AS application_rate_num,
    next_step_conversion_den AS application_rate_den
  FROM marts.mart_funnel_by_cohort
  WHERE first_channel = 'all' AND country_group = 'all' AND ordering = 'any' AND stage = 'application'
    AND intake IS NOT NULL AND (next_step_conversion_den IS NULL OR next_step_conversion_den > 0)
),

counts AS (
  SELECT * FROM step
  UNION ALL
  SELECT intake, 'all', sum(application_rate_num)::BIGINT, sum(application_rate_den)::BIGINT
  FROM step
  GROUP BY intake
)

SELECT
  intake,
  programme_code,
  application_rate_num,
  application_rate_den,
  wilson_low(application_rate_num, application_rate_den) AS application_rate_low,
  wilson_high(application_rate_num, application_rate_den) AS application_rate_high
FROM counts
ORDER BY intake, programme_code
