-- grain: one row per person (person_id) whose CRM records name a secondary school: the school of origin (SE
-- skolenhetskod, NL BRIN + vestiging) their forms and contact records name most often (ties: the lowest code).
-- A counsellor's catalogue order for a school says nothing about the counsellor's own school, so it is left out.
WITH persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

mentions AS (
  SELECT p.person_id, f.school_code
  FROM staging.stg_crm__form_submissions AS f
  JOIN persons AS p ON p.record_id = 'crm:' || f.contact_key
  WHERE f.school_code IS NOT NULL AND f.form_type <> 'catalogue_order_school'
  UNION ALL
  SELECT p.person_id, c.school_code
  FROM staging.stg_crm__contacts AS c
  JOIN persons AS p ON p.record_id = 'crm:' || c.contact_key
  WHERE c.school_code IS NOT NULL
),

counted AS (
  SELECT person_id, school_code, count(*) AS mentions
  FROM mentions
  GROUP BY person_id, school_code
)

SELECT person_id, school_code
FROM counted
QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY mentions DESC, school_code) = 1
