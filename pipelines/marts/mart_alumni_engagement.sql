-- grain: one row per programme x graduation year of the alumni database's members: contactable alumni, the active
-- share (engaged in the last 12 months in at least one CASE mode) with its Wilson interval, alumni engaged per mode,
-- the mean weighted engagement score with its standard error, the pools of consenting alumni who have given a guest
-- lecture, mentored or offered an internship (counts only), and alumni who came back for further study.
WITH alumni AS (
  SELECT * FROM core.fct_alumni
),

cells AS (
  SELECT
    programme_code,
    graduation_year,
    count(DISTINCT person_id) AS alumni,
    count(DISTINCT person_id) FILTER (WHERE contactable) AS contactable,
    count(DISTINCT person_id) FILTER (WHERE contactable AND active) AS active_alumni_share_num,
    count(DISTINCT person_id) FILTER (WHERE contactable) AS active_alumni_share_den,
    count(DISTINCT person_id) FILTER (WHERE contactable AND philanthropic) AS philanthropic,
    count(DISTINCT person_id) FILTER (WHERE contactable AND volunteer) AS volunteer,
    count(DISTINCT person_id) FILTER (WHERE contactable AND experiential) AS experiential,
    count(DISTINCT person_id) FILTER (WHERE contactable AND communication) AS communication,
    -- ordered sums (macros.sql): avg() and stddev_samp() of DOUBLEs changed in their last bits from run to run
    ordered_avg(CASE WHEN contactable THEN engagement_score END) AS engagement_score_mean,
    ordered_stddev_samp(CASE WHEN contactable THEN engagement_score END)
      / sqrt(count(*) FILTER (WHERE contactable)) AS engagement_score_se,
    count(DISTINCT person_id) FILTER (WHERE consenting AND guest_lecturer) AS pool_guest_lecture,
    count(DISTINCT person_id) FILTER (WHERE consenting AND mentor) AS pool_mentoring,
    count(DISTINCT person_id) FILTER (WHERE consenting AND internship_host) AS pool_internship,
    count(DISTINCT person_id) FILTER (WHERE further_study) AS further_study_num,
    count(DISTINCT person_id) AS further_study_den
  FROM alumni
  GROUP BY programme_code, graduation_year
)

SELECT
  *,
  wilson_low(active_alumni_share_num::DOUBLE, active_alumni_share_den::DOUBLE) AS active_alumni_share_low,
  wilson_high(active_alumni_share_num::DOUBLE, active_alumni_share_den::DOUBLE) AS active_alumni_share_high,
  wilson_low(further_study_num::DOUBLE, further_study_den::DOUBLE) AS further_study_low,
  wilson_high(further_study_num::DOUBLE, further_study_den::DOUBLE) AS further_study_high
FROM cells
