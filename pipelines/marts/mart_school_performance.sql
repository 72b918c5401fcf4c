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
-- Every sum, mean and variance is an ordered sum (macros.sql): with avg() and friends, as aggregates and over windows,
-- the DOUBLEs were added in the order DuckDB's threads handed them over, and every row changed in its last bits
-- from run to run. Means are computed once per group and joined back, where windows did it before.
WITH settings AS (
  SELECT school_min_n FROM slm_outcomes
),

starts AS (
  SELECT * FROM core.fct_programme_starts
),

-- entry grade as a z-score within its scale
grade_means AS (
  SELECT prior_education, ordered_avg(entry_grade::DOUBLE) AS grade_mean
  FROM starts
  GROUP BY prior_education
),

grade_scales AS (
  SELECT
    m.prior_education,
    m.grade_mean,
    CASE WHEN count(s.entry_grade) > 1
      THEN sqrt(ordered_sum((s.entry_grade::DOUBLE - m.grade_mean) ^ 2) / (count(s.entry_grade) - 1)) END AS grade_sd
  FROM grade_means AS m
  JOIN starts AS s ON s.prior_education IS NOT DISTINCT FROM m.prior_education
  GROUP BY m.prior_education, m.grade_mean
),

graded AS (
  SELECT s.*, (s.entry_grade - g.grade_mean) / nullif(g.grade_sd, 0) AS grade_z
  FROM starts AS s
  JOIN grade_scales AS g ON g.prior_education IS NOT DISTINCT FROM s.prior_education
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

-- per programme and intake: the mean outcome of all its students, and of those with an entry grade with their
-- mean z-score (the adjusted version's own population)
cohort_means AS (
  SELECT
    outcome, programme_code, intake,
    ordered_avg(y) AS y_mean,
    ordered_avg(CASE WHEN grade_z IS NOT NULL THEN y END) AS graded_y_mean,
    ordered_avg(grade_z) AS z_mean
  FROM observations
  GROUP BY outcome, programme_code, intake
),

cohort_observations AS (
  SELECT o.*, m.y_mean, m.graded_y_mean, m.z_mean
  FROM observations AS o
  JOIN cohort_means AS m
    ON m.outcome = o.outcome AND m.programme_code IS NOT DISTINCT FROM o.programme_code
   AND m.intake IS NOT DISTINCT FROM o.intake
),

unadjusted AS (
  SELECT 'none' AS adjustment, outcome, school_code, y, y - y_mean AS d
  FROM cohort_observations
),

centred AS (
  SELECT *, y - graded_y_mean AS y_c, grade_z - z_mean AS z_c
  FROM cohort_observations
  WHERE grade_z IS NOT NULL
),

-- regr_slope(y_c, z_c) per outcome: covariance over variance, each around its mean
centred_means AS (
  SELECT outcome, ordered_avg(y_c) AS y_c_mean, ordered_avg(z_c) AS z_c_mean
  FROM centred
  GROUP BY outcome
),

slopes AS (
  SELECT
    c.outcome,
    coalesce(
      ordered_sum((c.y_c - m.y_c_mean) * (c.z_c - m.z_c_mean)) / nullif(ordered_sum((c.z_c - m.z_c_mean) ^ 2), 0), 0
    ) AS beta
  FROM centred AS c
  JOIN centred_means AS m USING (outcome)
  GROUP BY c.outcome
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

school_means AS (
  SELECT
    adjustment, outcome, school_code,
    count(*) AS students,
    ordered_avg(y) AS mean_outcome,
    ordered_avg(d) AS raw_difference
  FROM deviations
  WHERE school_code IS NOT NULL
  GROUP BY adjustment, outcome, school_code
  HAVING count(*) >= (SELECT school_min_n FROM settings)
),

schools AS (
  SELECT
    m.adjustment, m.outcome, m.school_code, m.students, m.mean_outcome, m.raw_difference,
    ordered_sum((v.d - m.raw_difference) ^ 2) AS within_ss
  FROM school_means AS m
  JOIN deviations AS v USING (adjustment, outcome, school_code)
  GROUP BY m.adjustment, m.outcome, m.school_code, m.students, m.mean_outcome, m.raw_difference
),

pooled AS (
  SELECT adjustment, outcome, ordered_sum(within_ss) / nullif(sum(students) - count(*), 0) AS within_variance
  FROM schools
  GROUP BY adjustment, outcome
),

sampled AS (
  SELECT s.*, p.within_variance, p.within_variance / s.students AS sampling_variance
  FROM schools AS s
  JOIN pooled AS p USING (adjustment, outcome)
),

-- var_samp(raw_difference) over the schools, around their mean difference
between_means AS (
  SELECT
    adjustment, outcome,
    count(*) AS schools,
    ordered_avg(raw_difference) AS raw_difference_mean,
    ordered_avg(sampling_variance) AS sampling_variance_mean
  FROM sampled
  GROUP BY adjustment, outcome
),

between AS (
  SELECT
    b.adjustment, b.outcome, b.schools,
    greatest(
      0,
      coalesce(ordered_sum((s.raw_difference - b.raw_difference_mean) ^ 2) / nullif(b.schools - 1, 0), 0)
        - b.sampling_variance_mean
    ) AS tau2
  FROM between_means AS b
  JOIN sampled AS s USING (adjustment, outcome)
  GROUP BY b.adjustment, b.outcome, b.schools, b.raw_difference_mean, b.sampling_variance_mean
),

shrunk AS (
  SELECT
    s.*,
    b.tau2 AS between_variance,
    b.schools AS schools_estimated,
    CASE WHEN b.tau2 + s.sampling_variance > 0 THEN b.tau2 / (b.tau2 + s.sampling_variance) ELSE 0 END AS shrink_factor
  FROM sampled AS s
  JOIN between AS b USING (adjustment, outcome)
),

-- a school not shrunk at all (shrink factor 0) is estimated at exactly 0, never -0.0: 0 times a negative difference
-- is -0.0, and DuckDB stores a column of zeros as one constant, whose sign then came from whichever row was written
-- first, so a rebuild of the same data could differ from the last build in the sign of its zeros
estimated AS (
  SELECT
    *,
    CASE WHEN shrink_factor = 0 THEN 0.0 ELSE shrink_factor * raw_difference END AS estimate,
    sqrt(shrink_factor * sampling_variance) AS estimate_se
  FROM shrunk
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
  estimate,
  estimate_se,
  estimate - z95() * estimate_se AS estimate_low,
  estimate + z95() * estimate_se AS estimate_high,
  estimate - z95() * estimate_se > 0 OR estimate + z95() * estimate_se < 0 AS significant
FROM estimated
