-- grain: one row per intake x programme_code ('all' = every programme of the intake), as of
-- slm_settings.reference_date. application_rate (DESIGN §6) = inquirers of the cycle who applied for the intake /
-- inquirers of the cycle. An inquirer belongs to the cycle of the intake their inquiry falls in (the first intake the
-- programme runs whose deadline is on or after it: core.dim_inquiry_cycles, from the terms the data shows the
-- programme with, else calendar.defaultSystem's) and to the programme of their first inquiry of that cycle; an
-- application for the intake to any programme counts.
-- test: unique(intake, programme_code)
-- test: expect(application_rate_num <= application_rate_den)
WITH events AS (
  SELECT e.person_id, e.stage, e.event_at, e.event_date, e.intake, e.programme_code
  FROM core.fct_lifecycle_events AS e, slm_settings AS s
  WHERE e.event_date <= s.reference_date AND e.stage IN ('inquiry', 'application')
),

inquiries AS (
  SELECT i.person_id, i.event_at, i.programme_code, c.intake
  FROM (
    SELECT e.*, coalesce(p.cycle_key, 'default') AS cycle_key
    FROM events AS e
    LEFT JOIN core.dim_programme_systems AS p ON p.programme_code = e.programme_code
    WHERE e.stage = 'inquiry'
  ) AS i
  LEFT JOIN core.dim_inquiry_cycles AS c ON c.cycle_key = i.cycle_key AND c.on_date = i.event_date
),

inquirers AS (
  SELECT
    person_id,
    intake,
    -- two first inquiries at the same moment: the lower programme code, so a tie falls the same way on every run
    arg_min(programme_code, (event_at, programme_code)) AS programme_code
  FROM inquiries
  GROUP BY ALL
),

applicants AS (
  SELECT DISTINCT person_id, intake FROM events WHERE stage = 'application' AND intake IS NOT NULL
),

counts AS (
  SELECT
    i.intake,
    CASE WHEN grouping(i.programme_code) = 1 THEN 'all' ELSE i.programme_code END AS programme_code,
    count(*) FILTER (WHERE a.person_id IS NOT NULL)::BIGINT AS application_rate_num,
    count(*)::BIGINT AS application_rate_den
  FROM inquirers AS i
  LEFT JOIN applicants AS a USING (person_id, intake)
  GROUP BY GROUPING SETS ((i.intake, i.programme_code), (i.intake))
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
