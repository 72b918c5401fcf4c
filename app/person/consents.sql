-- Consents per purpose with their basis, source form, given, withdrawn and expiry dates, and whether each is
-- valid as of the reference date (core.fct_consents' status).
-- grain: one row per consent of the person
SELECT c.purpose, c.legal_basis, c.source_form, c.given_at::VARCHAR AS given_at,
       c.withdrawn_at::VARCHAR AS withdrawn_at, c.expires_at::VARCHAR AS expires_at, c.status, c.is_valid
FROM core.fct_consents AS c
WHERE c.person_id IN (SELECT person_id FROM person_records)
ORDER BY c.given_at, c.purpose, c.consent_id
