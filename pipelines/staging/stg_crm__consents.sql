-- grain: one row per consent given (consent_id) by a CRM contact for one purpose.
-- test: unique(consent_id)
-- test: not_null(consent_id, contact_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.crm__consents', consent_id, keep := contact_id IS NOT NULL)
)

SELECT
  consent_id,
  system_key('crm', contact_id) AS contact_key,
  lower(trim(purpose)) AS purpose,
  lower(trim(legal_basis)) AS legal_basis,
  lower(trim(source_form)) AS source_form,
  source_submission_id,
  given_at,
  withdrawn_at,
  expires_at,
  text_version
FROM source
