-- Study breaks (Ladok avbrott: early or late, and of which kind).
-- grain: one row per study break of the person
SELECT b.programme_code, b.term, b.break_kind, b.break_type, b.break_date::VARCHAR AS break_date
FROM staging.stg_ladok__study_breaks AS b
WHERE b.student_key IN (SELECT record_key FROM person_records WHERE source = 'ladok')
ORDER BY b.break_date, b.programme_code
