-- grain: one row per intake x round x institution_code of the country-neutral admissions model
-- (core.fct_admission_choices: every system's choices, NyA's and Studielink's through their mappings), 'all' rounds
-- and 'all' institutions included (GROUPING SETS), as of
-- slm_settings.reference_date (steps dated later are not yet reached). Counts are distinct persons: a person with
-- two choices in one round counts once in it, and once in the intake's 'all' row however many rounds they were in.
-- The institution is the programme catalogue's; a programme the catalogue lacks counts under 'unknown'. A choice is
-- counted under the round that decided it (NyA: the round that admitted it, else its last round with a result);
-- 'none' is a choice no round decided (a Studielink request, an NyA application withdrawn before selection). A
-- system that states no eligibility (Studielink) counts none, so its offer rate has no denominator.
-- with_school / schools: how many of the applicants have a school of origin (core.dim_person_school), and how many
-- distinct schools they come from.
-- test: unique(intake, round, institution_code)
-- test: expect(eligible <= applicants AND offered <= applicants AND accepted <= offered AND with_school <= applicants)
WITH settings AS (
  SELECT reference_date AS as_of FROM slm_settings
),

choices AS (
  SELECT
    c.person_id,
    c.intake,
    coalesce(c.round, 'none') AS round,
    coalesce(c.institution_code, 'unknown') AS institution_code,
    c.applied_on <= s.as_of AS applied,
    c.eligible_on <= s.as_of AS eligible,
    c.offered_on <= s.as_of AS offered,
    c.reserve_on <= s.as_of AS reserve,
    c.accepted_on <= s.as_of AS accepted,
    c.declined_on <= s.as_of AS declined,
    c.withdrawn_on <= s.as_of AS withdrawn,
    c.enrolled_on <= s.as_of AS enrolled
  FROM core.fct_admission_choices AS c
  CROSS JOIN settings AS s
  -- a mapped system's choice may lack an intake (a Studielink request without academic year or start month)
  WHERE c.applied_on <= s.as_of AND c.intake IS NOT NULL
),

with_school AS (
  SELECT c.*, d.school_code
  FROM choices AS c
  LEFT JOIN core.dim_person_school AS d USING (person_id)
),

counts AS (
  SELECT
    intake,
    CASE WHEN grouping(round) = 1 THEN 'all' ELSE round END AS round,
    CASE WHEN grouping(institution_code) = 1 THEN 'all' ELSE institution_code END AS institution_code,
    count(DISTINCT person_id)::BIGINT AS applicants,
    count(DISTINCT person_id) FILTER (WHERE eligible)::BIGINT AS eligible,
    count(DISTINCT person_id) FILTER (WHERE offered)::BIGINT AS offered,
    count(DISTINCT person_id) FILTER (WHERE reserve)::BIGINT AS reserve,
    count(DISTINCT person_id) FILTER (WHERE accepted)::BIGINT AS accepted,
    count(DISTINCT person_id) FILTER (WHERE declined)::BIGINT AS declined,
    count(DISTINCT person_id) FILTER (WHERE withdrawn)::BIGINT AS withdrawn,
    count(DISTINCT person_id) FILTER (WHERE enrolled)::BIGINT AS enrolled,
    count(DISTINCT person_id) FILTER (WHERE school_code IS NOT NULL)::BIGINT AS with_school,
    count(DISTINCT school_code)::BIGINT AS schools
  FROM with_school
  GROUP BY GROUPING SETS ((intake, round, institution_code), (intake, round), (intake, institution_code), (intake))
)

SELECT
  intake,
  round,
  institution_code,
  applicants,
  eligible,
  offered,
  reserve,
  accepted,
  declined,
  withdrawn,
  enrolled,
  with_school,
  schools,
  offered AS offer_rate_num,
  eligible AS offer_rate_den,
  wilson_low(offered, eligible) AS offer_rate_low,
  wilson_high(offered, eligible) AS offer_rate_high,
  accepted AS acceptance_rate_num,
  offered AS acceptance_rate_den,
  wilson_low(accepted, offered) AS acceptance_rate_low,
  wilson_high(accepted, offered) AS acceptance_rate_high
FROM counts
ORDER BY intake, round, institution_code
