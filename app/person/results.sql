-- Results and credits per term: courses and credits registered (Ladok registrations), results and credits passed
-- (Ladok results, Osiris results by academic year, which registers no credits). Terms in the order they began.
-- grain: one row per records system and term
WITH ladok_keys AS (
  SELECT record_key AS student_key FROM person_records WHERE source = 'ladok'
),

ladok_registered AS (
  SELECT g.term, count(DISTINCT g.course_code) AS courses, sum(g.credits) AS credits, min(g.registered_on) AS first_on
  FROM staging.stg_ladok__registrations AS g
  JOIN ladok_keys USING (student_key)
  GROUP BY g.term
),

ladok_results AS (
  SELECT s.term, count(*) AS results, coalesce(sum(s.credits) FILTER (WHERE s.passed), 0) AS credits_passed,
         min(s.examined_on) AS first_on
  FROM staging.stg_ladok__results AS s
  JOIN ladok_keys USING (student_key)
  GROUP BY s.term
),

osiris_results AS (
  SELECT o.academic_year::VARCHAR AS term, count(*) AS results,
         coalesce(sum(o.credits) FILTER (WHERE o.passed), 0) AS credits_passed, min(o.result_on) AS first_on
  FROM staging.stg_osiris__results AS o
  WHERE o.student_key IN (SELECT record_key FROM person_records WHERE source = 'osiris')
  GROUP BY o.academic_year
),

terms AS (
  SELECT 'ladok' AS system, term, coalesce(g.courses, 0) AS courses_registered, g.credits AS credits_registered,
         coalesce(s.results, 0) AS results, coalesce(s.credits_passed, 0) AS credits_passed,
         least(g.first_on, s.first_on) AS first_on
  FROM ladok_registered AS g
  FULL JOIN ladok_results AS s USING (term)
  UNION ALL
  SELECT 'osiris', term, 0, NULL, results, credits_passed, first_on
  FROM osiris_results
)

SELECT system, term, courses_registered::INTEGER AS courses_registered, credits_registered::DOUBLE AS credits_registered,
       results::INTEGER AS results, credits_passed::DOUBLE AS credits_passed
FROM terms
ORDER BY system, first_on NULLS LAST, term
