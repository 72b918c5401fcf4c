-- grain: one row per intake x application_route of core.fct_programme_starts: the students who started (distinct
-- persons per programme, summed over programmes, as marts.mart_cohort_outcomes counts them, so the cohort tables and
-- this one publish one population) and how many of them have a known school of origin (core.dim_person_school, fed by
-- every source that names one). How far the school tables can be trusted: a school's counts miss its students whose
-- school no source names. Students schooled abroad mostly have none.
-- test: unique(intake, application_route)
-- test: not_null(intake, students, students_with_school)
-- test: expect(students_with_school <= students)
WITH per_programme AS (
  SELECT
    intake,
    application_route,
    programme_code,
    count(DISTINCT person_id) AS students,
    count(DISTINCT person_id) FILTER (WHERE school_code IS NOT NULL) AS students_with_school
  FROM core.fct_programme_starts
  GROUP BY intake, application_route, programme_code
)

SELECT
  intake,
  application_route,
  sum(students)::BIGINT AS students,
  sum(students_with_school)::BIGINT AS students_with_school
FROM per_programme
GROUP BY intake, application_route
