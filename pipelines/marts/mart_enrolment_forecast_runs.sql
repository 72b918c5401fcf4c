-- grain: one row per programme (and 'all': the intake over all programmes, each person once) x intake x stage
-- (application, admitted, accepted, enrolled) x as-of point: the
-- reference date for an intake whose cycle is running on it (horizon reference_date: from a year before its
-- application deadline until its census), and, for an intake whose census has passed, 12, 8, 4 and 0 weeks before
-- its deadline and its reply deadline (horizons 12_weeks ... reply_by; the calendar's reply_by, none where the
-- calendar has none), each forecast from only what was known on that day (events dated on or before it, earlier
-- cycles whose census had passed by it): the backtest. Two estimates, weighed by their precision (each by the
-- inverse of its variance; the backtest showed the pair better than pacing alone: enrolment's MAPE at 4 weeks before
-- the deadline fell from 29% to 16% on the 20,000-person demo, from 76% to 60% on the 3,000-person one):
-- * pacing: the count of a base stage the same number of days before the deadline (the latest of application,
--   admitted, accepted reached by then in this and every earlier cycle) times the mean ratio, in the programme's
--   earlier cycles of the same term, of the stage's final count to the base's count that many days before their own
--   deadline. Its variance: the spread of those ratios (base count squared x their sample variance x (1 + 1/cycles))
--   plus the noise of a small count so far: the base grows g-fold to its final count (Poisson), which converts at p
--   to the stage (binomial), g and p the earlier cycles' means: expected x ((g - 1) x p + |1 - p|);
-- * the earlier cycles' mean final count, with their sample variance x (1 + 1/cycles) plus Poisson noise (the mean);
--   alone when no base stage has been reached yet.
-- 80% and 95% normal intervals (z80(), z95()), never below the count already reached. base_stage, base_so_far: the
-- base and its count (NULL: none). status: ok; too_few_cycles (one or two earlier cycles); new_programme (none): no
-- forecast then. realised: the final count as of the reference date, for an intake whose census has passed.
-- size_band: the mean enrolment of the earlier cycles (small under 10, medium under 50, large from 50).
-- weeks_to_deadline, census_weeks_to_deadline: the as-of day's and the census's whole weeks to the deadline.
-- test: unique(programme_code, intake, stage, horizon)
-- test: not_null(programme_code, intake, stage, horizon, as_of, status, persons_so_far)
-- test: accepted_values(status: ok, too_few_cycles, new_programme)
-- test: accepted_values(horizon: reference_date, 12_weeks, 8_weeks, 4_weeks, 0_weeks, reply_by)
-- test: expect(status <> 'ok' OR (low95 <= low80 AND low80 <= expected AND expected <= high80 AND high80 <= high95))
-- test: expect(status <> 'ok' OR low95 >= persons_so_far)
WITH settings AS (
  SELECT reference_date AS ref FROM slm_settings
),

stages AS (
  SELECT * FROM (VALUES ('application', 1), ('admitted', 2), ('accepted', 3), ('enrolled', 4)) AS s(stage, step)
),

-- the day each person first reached each stage for a programme's intake
by_programme AS (
  SELECT programme_code, intake, stage, person_id, min(event_date) AS reached_on
  FROM core.fct_lifecycle_events
  WHERE stage IN (SELECT stage FROM stages) AND programme_code IS NOT NULL AND intake IS NOT NULL
  GROUP BY ALL
),

-- and for the intake over all programmes (programme_code 'all'), each person once: forecast as a programme is
reached AS (
  SELECT * FROM by_programme
  UNION ALL
  SELECT 'all' AS programme_code, intake, stage, person_id, min(reached_on) AS reached_on
  FROM by_programme
  GROUP BY intake, stage, person_id
),

-- how many reached a stage on each day: the counts below are taken as of many days (each forecast point and each
-- earlier cycle's offset), and summing a day's count beside each such day, instead of counting its persons, joins
-- one row per day instead of one per person (1M persons: 25 M rows joined)
reached_days AS (
  SELECT programme_code, intake, stage, reached_on, count(*) AS persons
  FROM reached
  GROUP BY ALL
),

programme_intakes AS (
  SELECT r.programme_code, r.intake, c.term, c.deadline, c.reply_by, c.census_on, min(r.reached_on) AS first_seen
  FROM reached AS r
  JOIN slm_calendar AS c USING (intake)
  GROUP BY ALL
),

-- the intakes running on the reference date of every programme known by then to run their term (with an event
-- for the intake, or an earlier intake of the term whose census has passed): so whether a programme x intake has
-- a row never depends on an event after the reference date, and one nobody has applied to yet is forecast too
running AS (
  SELECT DISTINCT p.programme_code, c.intake, c.term, c.deadline, c.reply_by, c.census_on
  FROM slm_calendar AS c
  CROSS JOIN settings AS s
  JOIN programme_intakes AS p
    ON p.term = c.term AND p.first_seen <= s.ref AND (p.intake = c.intake OR p.census_on <= s.ref)
  WHERE s.ref < c.census_on AND s.ref >= c.deadline - 364
),

horizons AS (
  SELECT *
  FROM (VALUES (1, '12_weeks', 84), (2, '8_weeks', 56), (3, '4_weeks', 28), (4, '0_weeks', 0), (5, 'reply_by', NULL))
    AS h(horizon_order, horizon, days_before)
),

points AS (
  SELECT i.*, 0 AS horizon_order, 'reference_date' AS horizon, s.ref AS as_of
  FROM running AS i
  CROSS JOIN settings AS s
  UNION ALL
  SELECT i.* EXCLUDE (first_seen), h.horizon_order, h.horizon, coalesce(i.deadline - h.days_before, i.reply_by) AS as_of
  FROM programme_intakes AS i
  CROSS JOIN horizons AS h
  CROSS JOIN settings AS s
  WHERE i.census_on <= s.ref AND (h.days_before IS NOT NULL OR i.reply_by IS NOT NULL)
),

current_counts AS (
  SELECT
    p.programme_code, p.intake, p.horizon, r.stage,
    coalesce(sum(r.persons) FILTER (r.reached_on <= p.as_of), 0)::BIGINT AS persons
  FROM points AS p
  JOIN reached_days AS r USING (programme_code, intake)
  GROUP BY ALL
),

-- the programme's earlier intakes of the same term whose census had passed on the day of the forecast
history AS (
  SELECT p.programme_code, p.intake, p.horizon, p.as_of, (p.deadline - p.as_of)::INTEGER AS days_to_deadline,
         j.intake AS earlier_intake, j.deadline AS earlier_deadline
  FROM points AS p
  JOIN programme_intakes AS j
    ON j.programme_code = p.programme_code AND j.term = p.term AND j.deadline < p.deadline AND j.census_on <= p.as_of
),

earlier_counts AS (
  SELECT h.programme_code, h.intake, h.horizon, h.earlier_intake, r.stage,
         coalesce(sum(r.persons) FILTER (r.reached_on <= h.earlier_deadline - h.days_to_deadline AND r.reached_on <= h.as_of), 0)::BIGINT
           AS at_offset,
         coalesce(sum(r.persons) FILTER (r.reached_on <= h.as_of), 0)::BIGINT AS final
  FROM history AS h
  JOIN reached_days AS r ON r.programme_code = h.programme_code AND r.intake = h.earlier_intake
  GROUP BY ALL
),

-- an earlier cycle is one the programme had applicants in, as known on the day of the forecast
earlier AS (
  SELECT c.programme_code, c.intake, c.horizon, c.earlier_intake, s.stage, s.step,
         coalesce(e.at_offset, 0) AS at_offset, coalesce(e.final, 0) AS final
  FROM (SELECT programme_code, intake, horizon, earlier_intake FROM earlier_counts
         WHERE stage = 'application' AND final > 0) AS c
  CROSS JOIN stages AS s
  LEFT JOIN earlier_counts AS e USING (programme_code, intake, horizon, earlier_intake, stage)
),

-- per forecast, base stage and target stage: the earlier cycles' pacing ratios (final target / base at the offset)
pace AS (
  SELECT b.programme_code, b.intake, b.horizon, b.stage AS base_stage, b.step AS base_step, t.stage,
         count(*) AS cycles,
         bool_and(b.at_offset > 0) AS all_paced,
         avg(CASE WHEN b.at_offset > 0 THEN t.final / b.at_offset END) AS ratio,
         coalesce(var_samp(CASE WHEN b.at_offset > 0 THEN t.final / b.at_offset END), 0) AS ratio_var,
         avg(CASE WHEN b.at_offset > 0 THEN b.final / b.at_offset END) AS growth,
         avg(CASE WHEN b.final > 0 THEN t.final / b.final END) AS conversion,
         avg(t.final) AS final_mean,
         coalesce(var_samp(t.final), 0) AS final_var
  FROM earlier AS b
  JOIN earlier AS t USING (programme_code, intake, horizon, earlier_intake)
  WHERE b.stage <> 'enrolled' AND b.step <= t.step
  GROUP BY ALL
),

-- the latest base stage reached now and at the offset in every earlier cycle; else none (paced false)
chosen AS (
  SELECT p.*, coalesce(c.persons, 0) AS base_now, p.all_paced AND coalesce(c.persons, 0) > 0 AS paced
  FROM pace AS p
  LEFT JOIN current_counts AS c
    ON c.programme_code = p.programme_code AND c.intake = p.intake AND c.horizon = p.horizon AND c.stage = p.base_stage
  QUALIFY row_number() OVER (
    PARTITION BY p.programme_code, p.intake, p.horizon, p.stage ORDER BY paced DESC, p.base_step DESC
  ) = 1
),

methods AS (
  SELECT *,
         base_now * ratio AS paced_expected,
         base_now * base_now * ratio_var * (1 + 1 / cycles)
           + base_now * ratio * (greatest(growth - 1, 0) * conversion + abs(1 - conversion)) AS paced_variance,
         final_var * (1 + 1 / cycles) + final_mean AS history_variance
  FROM chosen
),

estimates AS (
  SELECT programme_code, intake, horizon, stage, cycles, final_mean,
         CASE WHEN paced THEN base_stage END AS base_stage,
         CASE WHEN paced THEN base_now END AS base_so_far,
         CASE
           WHEN NOT paced THEN final_mean
           WHEN paced_variance = 0 OR history_variance = 0 THEN paced_expected
           ELSE (paced_expected / paced_variance + final_mean / history_variance)
                / (1 / paced_variance + 1 / history_variance)
         END AS expected,
         CASE
           WHEN NOT paced THEN history_variance
           WHEN paced_variance = 0 OR history_variance = 0 THEN paced_variance
           ELSE 1 / (1 / paced_variance + 1 / history_variance)
         END AS variance
  FROM methods
),

forecasts AS (
  SELECT p.programme_code, p.intake, p.term, p.horizon_order, p.horizon, p.as_of,
         floor((p.deadline - p.as_of) / 7)::INTEGER AS weeks_to_deadline,
         floor((p.deadline - p.census_on) / 7)::INTEGER AS census_weeks_to_deadline,
         s.stage, s.step,
         coalesce(c.persons, 0) AS persons_so_far,
         coalesce(e.cycles, 0) AS earlier_cycles,
         e.base_stage,
         e.base_so_far,
         greatest(e.expected, coalesce(c.persons, 0)) AS expected,
         sqrt(e.variance) AS sd,
         enrolled.final_mean AS earlier_enrolled_mean,
         CASE WHEN p.census_on <= st.ref THEN coalesce(r.persons, 0) END AS realised
  FROM points AS p
  CROSS JOIN stages AS s
  CROSS JOIN settings AS st
  LEFT JOIN current_counts AS c
    ON c.programme_code = p.programme_code AND c.intake = p.intake AND c.horizon = p.horizon AND c.stage = s.stage
  LEFT JOIN estimates AS e
    ON e.programme_code = p.programme_code AND e.intake = p.intake AND e.horizon = p.horizon AND e.stage = s.stage
  LEFT JOIN estimates AS enrolled
    ON enrolled.programme_code = p.programme_code AND enrolled.intake = p.intake AND enrolled.horizon = p.horizon
   AND enrolled.stage = 'enrolled'
  LEFT JOIN (SELECT programme_code, intake, stage, sum(persons)::BIGINT AS persons FROM reached_days, settings
              WHERE reached_on <= ref GROUP BY ALL) AS r
    ON r.programme_code = p.programme_code AND r.intake = p.intake AND r.stage = s.stage
)

SELECT
  programme_code,
  intake,
  term,
  stage,
  horizon,
  horizon_order,
  as_of,
  weeks_to_deadline,
  census_weeks_to_deadline,
  CASE WHEN earlier_cycles >= 3 THEN 'ok' WHEN earlier_cycles > 0 THEN 'too_few_cycles' ELSE 'new_programme' END
    AS status,
  earlier_cycles,
  CASE
    WHEN earlier_cycles < 3 THEN NULL
    WHEN earlier_enrolled_mean < 10 THEN 'small'
    WHEN earlier_enrolled_mean < 50 THEN 'medium'
    ELSE 'large'
  END AS size_band,
  CASE WHEN earlier_cycles >= 3 THEN base_stage END AS base_stage,
  CASE WHEN earlier_cycles >= 3 THEN base_so_far END AS base_so_far,
  persons_so_far,
  -- rounded to a millionth of a person: averages over doubles differ in their last bits with the order
  -- DuckDB's threads add them in, and a model's output must be the same on every run of the same data
  CASE WHEN earlier_cycles >= 3 THEN round(expected, 6) END AS expected,
  CASE WHEN earlier_cycles >= 3 THEN round(greatest(persons_so_far, expected - z80() * sd), 6) END AS low80,
  CASE WHEN earlier_cycles >= 3 THEN round(expected + z80() * sd, 6) END AS high80,
  CASE WHEN earlier_cycles >= 3 THEN round(greatest(persons_so_far, expected - z95() * sd), 6) END AS low95,
  CASE WHEN earlier_cycles >= 3 THEN round(expected + z95() * sd, 6) END AS high95,
  realised
FROM forecasts
ORDER BY programme_code, intake, step, horizon_order
