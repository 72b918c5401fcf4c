-- grain: one row per family relation (relation_id) between two CRM contacts.
-- test: unique(relation_id)
-- test: not_null(relation_id, contact_key, related_contact_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.crm__relations', relation_id, keep := contact_id IS NOT NULL AND related_contact_id IS NOT NULL)
)

SELECT
  relation_id,
  system_key('crm', contact_id) AS contact_key,
  system_key('crm', related_contact_id) AS related_contact_key,
  lower(trim(relation_type)) AS relation_type,
  created_at
FROM source
