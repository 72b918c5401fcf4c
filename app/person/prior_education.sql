-- Prior education as each admissions system states it: NyA's selection group and merit, Studielink's vooropleiding
-- and final secondary grade, any system's person attributes; each with the school it names.
-- grain: one row per admissions system, intake and distinct statement of prior education
SELECT DISTINCT 'nya' AS system, a.intake, a.selection_group AS prior_education, a.merit_value::DOUBLE AS grade,
       a.school_code
FROM staging.stg_nya__applications AS a
WHERE a.applicant_key IN (SELECT record_key FROM person_records WHERE source = 'nya')
  AND (a.selection_group IS NOT NULL OR a.merit_value IS NOT NULL OR a.school_code IS NOT NULL)
UNION
SELECT DISTINCT 'studielink', v.intake, v.prior_education, v.secondary_final_grade::DOUBLE, v.school_code
FROM staging.stg_studielink__enrolment_requests AS v
WHERE v.studielink_key IN (SELECT record_key FROM person_records WHERE source = 'studielink')
  AND (v.prior_education IS NOT NULL OR v.secondary_final_grade IS NOT NULL OR v.school_code IS NOT NULL)
UNION
SELECT DISTINCT p.system, NULL, p.prior_education, NULL, p.school_code
FROM staging.stg_persons__attributes AS p
WHERE p.person_key IN (SELECT record_key FROM person_records WHERE source = 'admissions')
  AND (p.prior_education IS NOT NULL OR p.school_code IS NOT NULL)
ORDER BY system, intake NULLS LAST, prior_education, grade
