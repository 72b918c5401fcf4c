-- grain: one row per family relation (relation_id) between two CRM contacts.
-- test: unique(relation_id)
-- test: not_null(relation_id, contact_key, related_contact_key)
WITH source AS (
  SELECT * FROM raw.crm__relations
)

SELECT
  relation_id,
  system_key('crm', contact_id) AS contact_key,
  system_key('crm', related_contact_id) AS related_contact_key,
  lower(trim(relation_type)) AS relation_type,
  created_at
FROM source
WHERE contact_id IS NOT NULL AND related_contact_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY relation_id ORDER BY _file_id DESC, _row DESC) = 1
