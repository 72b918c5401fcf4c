-- grain: one row per outcome dataset x breakdown ('all', 'prior_education', 'application_route') x group x
-- outcome: students with that outcome and students in the group, so a share is numerator over denominator.
WITH students AS (
  SELECT dataset, prior_education, application_route, outcome FROM staging.stg_records__student_outcomes
),

long AS (
  SELECT dataset, 'all' AS breakdown, 'all' AS group_value, outcome FROM students
  UNION ALL
  SELECT dataset, 'prior_education', coalesce(prior_education, 'unknown'), outcome FROM students
  UNION ALL
  SELECT dataset, 'application_route', coalesce(application_route, 'unknown'), outcome FROM students
  WHERE application_route IS NOT NULL
),

counted AS (
  SELECT dataset, breakdown, group_value, outcome, count(*) AS students
  FROM long
  GROUP BY ALL
)

SELECT
  dataset,
  breakdown,
  group_value,
  outcome,
  students AS outcome_share_num,
  sum(students) OVER (PARTITION BY dataset, breakdown, group_value) AS outcome_share_den,
  wilson_low(students, sum(students) OVER (PARTITION BY dataset, breakdown, group_value)) AS outcome_share_low,
  wilson_high(students, sum(students) OVER (PARTITION BY dataset, breakdown, group_value)) AS outcome_share_high
FROM counted
ORDER BY dataset, breakdown, group_value, outcome
