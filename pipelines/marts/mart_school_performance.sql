-- grain: one row per secondary school (school_code) x outcome (first_year_credits: credits passed in year one;
-- completion: degree within nominal time, 0/1) x adjustment (none; entry_grade), for schools with at least
-- slm_outcomes.school_min_n students observed on that outcome.
--
-- Estimator (documented for the advisers' page):
-- 1. Each student's deviation d = outcome - mean outcome of the student's programme and intake (all its students,
--    with or without a known school), so a school is compared with its students' own cohorts.
--    Entry-grade adjusted: entry grade as a z-score within its scale (SE selection group: BI/BII merit 8-22.5,
--    HP 0.05-2), centred within programme and intake; d_adj = outcome - cohort mean - beta * centred z, with beta
--    the pooled within-cohort regression slope of the outcome on z. Students without an entry grade (international
--    applicants) are left out of the adjusted version, which then has its own n.
-- 2. Per school: n, raw difference D = mean d, sampling variance v = s2 / n with s2 the pooled within-school
--    variance of d (pooled over the reported schools: small schools' own variances are too noisy).
-- 3. Between-school variance by the method of moments: tau2 = max(0, var(D over schools) - mean(v)).
-- 4. Empirical Bayes: shrink factor B = tau2 / (tau2 + v); estimate = B * D (toward 0, the cohort mean); posterior
--    standard error sqrt(B * v); 95% interval estimate +/- 1.96 * that. A school is flagged when its interval
--    excludes 0. With tau2 = 0 every school is shrunk to 0 and none is flagged.
WITH settings AS (
  SELECT school_min_n FROM slm_outcomes
),

starts AS (
  SELECT * FROM core.fct_programme_starts
),

-- entry grade as a z-score within its scale
graded AS (
  SELECT
    *,
    (entry_grade - avg(entry_grade) OVER (PARTITION BY prior_education))
      / nullif(stddev_samp(entry_grade) OVER (PARTITION BY prior_education), 0) AS grade_z
  FROM starts
),

observations AS (
  SELECT person_id, programme_code, intake, school_code, grade_z, 'first_year_credits' AS outcome,
         credits_passed_y1::DOUBLE AS y
  FROM graded
  WHERE credits_passed_y1 IS NOT NULL
  UNION ALL
  SELECT person_id, programme_code, intake, school_code, grade_z, 'completion', graduated_nominal::INTEGER::DOUBLE
  FROM graded
  WHERE graduated_nominal IS NOT NULL
),

unadjusted AS (
  SELECT
    'none' AS adjustment, outcome, school_code, y,
    y - avg(y) OVER (PARTITION BY outcome, programme_code, intake) AS d
  FROM observations
),

centred AS (
  SELECT
    *,
    y - avg(y) OVER (PARTITION BY outcome, programme_code, intake) AS y_c,
    grade_z - avg(grade_z) OVER (PARTITION BY outcome, programme_code, intake) AS z_c
  FROM observations
  WHERE grade_z IS NOT NULL
),

slopes AS (
  SELECT outcome, coalesce(regr_slope(y_c, z_c), 0) AS beta FROM centred GROUP BY outcome
),

adjusted AS (
  SELECT 'entry_grade' AS adjustment, c.outcome, c.school_code, c.y, c.y_c - s.beta * c.z_c AS d
  FROM centred AS c
  JOIN slopes AS s USING (outcome)
),

deviations AS (
  SELECT * FROM unadjusted
  UNION ALL
  SELECT * FROM adjusted
),

schools AS (
  SELECT
    adjustment, outcome, school_code,
    count(*) AS students,
    avg(y) AS mean_outcome,
    avg(d) AS raw_difference,
    sum((d - avg_d) ^ 2) AS within_ss
  FROM (
    SELECT *, avg(d) OVER (PARTITION BY adjustment, outcome, school_code) AS avg_d
    FROM deviations
    WHERE school_code IS NOT NULL
  )
  GROUP BY adjustment, outcome, school_code
  HAVING count(*) >= (SELECT school_min_n FROM settings)
),

pooled AS (
  SELECT adjustment, outcome, sum(within_ss) / nullif(sum(students) - count(*), 0) AS within_variance
  FROM schools
  GROUP BY adjustment, outcome
),

sampled AS (
  SELECT s.*, p.within_variance, p.within_variance / s.students AS sampling_variance
  FROM schools AS s
  JOIN pooled AS p USING (adjustment, outcome)
),

between AS (
  SELECT
    adjustment, outcome,
    count(*) AS schools,
    greatest(0, coalesce(var_samp(raw_difference), 0) - avg(sampling_variance)) AS tau2
  FROM sampled
  GROUP BY adjustment, outcome
),

shrunk AS (
  SELECT
    s.*,
    b.tau2 AS between_variance,
    b.schools AS schools_estimated,
    CASE WHEN b.tau2 + s.sampling_variance > 0 THEN b.tau2 / (b.tau2 + s.sampling_variance) ELSE 0 END AS shrink_factor
  FROM sampled AS s
  JOIN between AS b USING (adjustment, outcome)
)

SELECT
  school_code,
  outcome,
  adjustment,
  students,
  mean_outcome,
  raw_difference,
  sqrt(sampling_variance) AS raw_se,
  between_variance,
  schools_estimated,
  shrink_factor,
  shrink_factor * raw_difference AS estimate,
  sqrt(shrink_factor * sampling_variance) AS estimate_se,
  shrink_factor * raw_difference - 1.959963984540054 * sqrt(shrink_factor * sampling_variance) AS estimate_low,
  shrink_factor * raw_difference + 1.959963984540054 * sqrt(shrink_factor * sampling_variance) AS estimate_high,
  shrink_factor * raw_difference - 1.959963984540054 * sqrt(shrink_factor * sampling_variance) > 0
    OR shrink_factor * raw_difference + 1.959963984540054 * sqrt(shrink_factor * sampling_variance) < 0 AS significant
FROM shrunk
