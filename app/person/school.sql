-- The person's school of origin as the core model resolves it (admissions, else CRM contact, else forms), with its
-- name where a school catalogue is loaded.
-- grain: one row per person (none when no source names a school)
SELECT s.school_code, c.school_name, s.school_source
FROM core.dim_person_school AS s
LEFT JOIN staging.stg_catalogue__schools AS c USING (school_code)
WHERE s.person_id IN (SELECT person_id FROM person_records)
