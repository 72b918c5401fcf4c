-- The route of application: every choice in every admissions system (the country-neutral admissions model), with
-- its round, priority and the dated steps it reached. admitted = an offer was made; accepted = the offer was taken.
-- grain: one row per application choice of the person
SELECT c.system, c.programme_code, c.programme_name, c.intake, c.round, c.priority::INTEGER AS priority,
       c.applied_on::VARCHAR AS applied_on, c.eligible_on::VARCHAR AS eligible_on,
       c.offered_on::VARCHAR AS offered_on, c.reserve_on::VARCHAR AS reserve_on,
       c.accepted_on::VARCHAR AS accepted_on, c.declined_on::VARCHAR AS declined_on,
       c.withdrawn_on::VARCHAR AS withdrawn_on, c.enrolled_on::VARCHAR AS enrolled_on,
       c.offered_on IS NOT NULL AS admitted, c.accepted_on IS NOT NULL AS accepted
FROM core.fct_admission_choices AS c
WHERE c.person_id IN (SELECT person_id FROM person_records)
ORDER BY c.applied_on, c.intake, c.system, c.priority NULLS LAST, c.programme_code
