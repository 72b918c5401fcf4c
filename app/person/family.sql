-- Family members at the institution, as the CRM's relations record them, each with the person identity made of
-- the relative's contact (none when it was not linked, or the relative was erased). A relation names the related
-- contact's role: recorded from this person's contact, the relative is their <relation_type>; recorded from the
-- relative's, the roles turn round (a parent's child).
-- grain: one row per relation row naming one of the person's contacts
WITH keys AS (
  SELECT record_key AS contact_key FROM person_records WHERE source = 'crm'
),

related AS (
  SELECT rel.relation_type AS relative_is, rel.related_contact_key AS relative_key, rel.created_at
  FROM staging.stg_crm__relations AS rel
  WHERE rel.contact_key IN (SELECT contact_key FROM keys)
  UNION ALL
  SELECT CASE rel.relation_type WHEN 'parent' THEN 'child' WHEN 'child' THEN 'parent' ELSE rel.relation_type END,
         rel.contact_key, rel.created_at
  FROM staging.stg_crm__relations AS rel
  WHERE rel.related_contact_key IN (SELECT contact_key FROM keys)
)

SELECT r.relative_is, p.person_id::VARCHAR AS related_person_id, r.created_at::VARCHAR AS recorded_at
FROM related AS r
LEFT JOIN identity.person_registry AS p ON p.record_id = 'crm:' || r.relative_key
ORDER BY r.created_at, r.relative_is, related_person_id
