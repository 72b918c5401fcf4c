-- Degrees and diplomas issued (Ladok examensbevis, Osiris diplomas).
-- grain: one row per degree record of the person
SELECT 'ladok' AS system, d.degree_code, d.degree_name, d.programme_code, d.degree_date::VARCHAR AS awarded_on,
       d.credits::DOUBLE AS credits
FROM staging.stg_ladok__degrees AS d
WHERE d.student_key IN (SELECT record_key FROM person_records WHERE source = 'ladok')
UNION ALL
SELECT 'osiris', NULL, d.exam_type, d.programme_code, d.exam_date::VARCHAR, d.credits::DOUBLE
FROM staging.stg_osiris__diplomas AS d
WHERE d.student_key IN (SELECT record_key FROM person_records WHERE source = 'osiris')
ORDER BY awarded_on, system, degree_name
