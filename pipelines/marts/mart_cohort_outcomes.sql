-- grain: one row per programme x intake x prior education (SE selection group) x application route x open-day
-- attendance x family member who studied here: the students who started (enrolled at census) and how they went on.
-- Rates are numerator / denominator of distinct persons with a Wilson 95% interval; a denominator holds only the
-- starts whose observation window had closed on the reference date (year one, nominal time, nominal + 1 year).
-- Throughput is credits passed in year one / credits registered in year one (HPR / HST), in credits, not persons.
-- <metric>_status: 'not_yet_observable' while the metric's observation window in the metric registry
-- (core.dim_outcome_windows) is open for the intake on the reference date, its figures then NULL, never 0; else 'ok'.
-- test: accepted_values(progression_status: ok, not_yet_observable)
-- test: expect((progression_den IS NULL) = (progression_status <> 'ok'))
-- test: expect((graduation_nominal_den IS NULL) = (graduation_nominal_status <> 'ok'))
WITH starts AS (
  SELECT * FROM core.fct_programme_starts
),

cells AS (
  SELECT
    programme_code,
    intake,
    prior_education,
    application_route,
    open_day_attended,
    family_studied_here,
    count(DISTINCT person_id) AS students,
    count(DISTINCT person_id) FILTER (WHERE year_one_complete) AS year_one_students,
    -- ordered sums (macros.sql): sum(), avg() and stddev_samp() of DOUBLEs changed in their last bits from run to run
    coalesce(ordered_sum(credits_registered_y1), 0)::DOUBLE AS throughput_den,
    coalesce(ordered_sum(credits_passed_y1), 0)::DOUBLE AS throughput_num,
    ordered_avg(credits_passed_y1) AS first_year_credits_mean,
    ordered_stddev_samp(credits_passed_y1) / sqrt(count(credits_passed_y1)) AS first_year_credits_se,
    count(DISTINCT person_id) FILTER (WHERE progressed_y2) AS progression_num,
    count(DISTINCT person_id) FILTER (WHERE progressed_y2 IS NOT NULL) AS progression_den,
    count(DISTINCT person_id) FILTER (WHERE study_break_y1) AS study_break_num,
    count(DISTINCT person_id) FILTER (WHERE study_break_y1 IS NOT NULL) AS study_break_den,
    count(DISTINCT person_id) FILTER (WHERE graduated_nominal) AS graduation_nominal_num,
    count(DISTINCT person_id) FILTER (WHERE graduated_nominal IS NOT NULL) AS graduation_nominal_den,
    count(DISTINCT person_id) FILTER (WHERE graduated_nominal_plus_1) AS graduation_nominal_plus_1_num,
    count(DISTINCT person_id) FILTER (WHERE graduated_nominal_plus_1 IS NOT NULL) AS graduation_nominal_plus_1_den,
    count(DISTINCT person_id) FILTER (WHERE dropped_out) AS dropout_num,
    count(DISTINCT person_id) AS dropout_den
  FROM starts
  GROUP BY ALL
),

statuses AS (
  SELECT
    intake,
    -- bool_and over no row (a metric the registry gives no window) is NULL: observable, as observed_status reads it
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'progression')) AS progression_status,
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'study_break')) AS study_break_status,
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'graduation_nominal')) AS graduation_nominal_status,
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'graduation_nominal_plus_1')) AS graduation_nominal_plus_1_status,
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'first_year_credits')) AS first_year_credits_status,
    observed_status('ok', bool_and(observable) FILTER (WHERE metric = 'throughput')) AS throughput_status
  FROM core.dim_outcome_windows
  GROUP BY intake
),

gated AS (
  SELECT
    c.* REPLACE (
      CASE WHEN s.first_year_credits_status IS DISTINCT FROM 'not_yet_observable' THEN c.year_one_students END AS year_one_students,
      CASE WHEN s.throughput_status IS DISTINCT FROM 'not_yet_observable' THEN c.throughput_num END AS throughput_num,
      CASE WHEN s.throughput_status IS DISTINCT FROM 'not_yet_observable' THEN c.throughput_den END AS throughput_den,
      CASE WHEN s.first_year_credits_status IS DISTINCT FROM 'not_yet_observable' THEN c.first_year_credits_mean END AS first_year_credits_mean,
      CASE WHEN s.first_year_credits_status IS DISTINCT FROM 'not_yet_observable' THEN c.first_year_credits_se END AS first_year_credits_se,
      CASE WHEN s.progression_status IS DISTINCT FROM 'not_yet_observable' THEN c.progression_num END AS progression_num,
      CASE WHEN s.progression_status IS DISTINCT FROM 'not_yet_observable' THEN c.progression_den END AS progression_den,
      CASE WHEN s.study_break_status IS DISTINCT FROM 'not_yet_observable' THEN c.study_break_num END AS study_break_num,
      CASE WHEN s.study_break_status IS DISTINCT FROM 'not_yet_observable' THEN c.study_break_den END AS study_break_den,
      CASE WHEN s.graduation_nominal_status IS DISTINCT FROM 'not_yet_observable' THEN c.graduation_nominal_num END AS graduation_nominal_num,
      CASE WHEN s.graduation_nominal_status IS DISTINCT FROM 'not_yet_observable' THEN c.graduation_nominal_den END AS graduation_nominal_den,
      CASE WHEN s.graduation_nominal_plus_1_status IS DISTINCT FROM 'not_yet_observable' THEN c.graduation_nominal_plus_1_num END
        AS graduation_nominal_plus_1_num,
      CASE WHEN s.graduation_nominal_plus_1_status IS DISTINCT FROM 'not_yet_observable' THEN c.graduation_nominal_plus_1_den END
        AS graduation_nominal_plus_1_den
    ),
    coalesce(s.progression_status, 'ok') AS progression_status,
    coalesce(s.study_break_status, 'ok') AS study_break_status,
    coalesce(s.graduation_nominal_status, 'ok') AS graduation_nominal_status,
    coalesce(s.graduation_nominal_plus_1_status, 'ok') AS graduation_nominal_plus_1_status,
    coalesce(s.first_year_credits_status, 'ok') AS first_year_credits_status,
    coalesce(s.throughput_status, 'ok') AS throughput_status
  FROM cells AS c
  LEFT JOIN statuses AS s USING (intake)
)

SELECT
  *,
  wilson_low(progression_num::DOUBLE, progression_den::DOUBLE) AS progression_low,
  wilson_high(progression_num::DOUBLE, progression_den::DOUBLE) AS progression_high,
  wilson_low(study_break_num::DOUBLE, study_break_den::DOUBLE) AS study_break_low,
  wilson_high(study_break_num::DOUBLE, study_break_den::DOUBLE) AS study_break_high,
  wilson_low(graduation_nominal_num::DOUBLE, graduation_nominal_den::DOUBLE) AS graduation_nominal_low,
  wilson_high(graduation_nominal_num::DOUBLE, graduation_nominal_den::DOUBLE) AS graduation_nominal_high,
  wilson_low(graduation_nominal_plus_1_num::DOUBLE, graduation_nominal_plus_1_den::DOUBLE) AS graduation_nominal_plus_1_low,
  wilson_high(graduation_nominal_plus_1_num::DOUBLE, graduation_nominal_plus_1_den::DOUBLE) AS graduation_nominal_plus_1_high,
  wilson_low(dropout_num::DOUBLE, dropout_den::DOUBLE) AS dropout_low,
  wilson_high(dropout_num::DOUBLE, dropout_den::DOUBLE) AS dropout_high
FROM gated
