-- grain: one row per consent (consent_id) a person (durable person_id) gave for one purpose, with whether it is valid as of the reference date.
-- Valid at t: given at or before t, not withdrawn at or before t, not expired at or before t (the demo's rule too).
-- A consent of a CRM contact that identity does not know is left out: it has no person to belong to.
-- test: unique(consent_id)
-- test: not_null(consent_id, person_id, contact_key, status)
-- test: accepted_values(status: valid, withdrawn, expired, not_yet_given, unknown)
-- test: relationships(person_id -> core.dim_person.person_id)
WITH consents AS (
  SELECT * FROM staging.stg_crm__consents
),

persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

as_of AS (
  -- the end of the reference day: what was given that day counts
  SELECT (reference_date + INTERVAL 1 DAY)::TIMESTAMP AS cutoff, reference_date FROM slm_settings
)

SELECT
  c.consent_id,
  r.person_id,
  c.contact_key,
  c.purpose,
  c.legal_basis,
  c.source_form,
  c.source_submission_id IS NOT NULL AS has_source_submission,
  c.given_at,
  c.withdrawn_at,
  c.expires_at,
  c.text_version,
  a.reference_date AS valid_as_of,
  c.given_at < a.cutoff
  AND (c.withdrawn_at IS NULL OR c.withdrawn_at >= a.cutoff)
  AND (c.expires_at IS NULL OR c.expires_at >= a.cutoff) AS is_valid,
  CASE
    WHEN c.given_at IS NULL THEN 'unknown'
    WHEN c.given_at >= a.cutoff THEN 'not_yet_given'
    WHEN c.withdrawn_at < a.cutoff THEN 'withdrawn'
    WHEN c.expires_at < a.cutoff THEN 'expired'
    ELSE 'valid'
  END AS status
FROM consents AS c
JOIN persons AS r ON r.record_id = 'crm:' || c.contact_key
CROSS JOIN as_of AS a
