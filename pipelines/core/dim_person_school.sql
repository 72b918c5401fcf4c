-- grain: one row per person (person_id) whose records name a secondary school: the school of origin (SE
-- skolenhetskod, NL BRIN + vestiging, any code another system's person attributes give). The admissions record (NL:
-- Studielink's BRIN and vestiging; persons.attributes) comes first, as
-- the school the diploma came from; otherwise the school the person's CRM forms and contact records name most
-- often (ties: the lowest code). A counsellor's catalogue order for a school says nothing about the counsellor's
-- own school, so it is left out.
WITH persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

mentions AS (
  SELECT p.person_id, l.school_code, TRUE AS admissions_record
  FROM staging.stg_studielink__enrolment_requests AS l
  JOIN persons AS p ON p.record_id = 'studielink:' || l.studielink_key
  WHERE nullif(l.school_code, '') IS NOT NULL
  UNION ALL
  -- any admissions system's person attributes (persons.attributes) are an admissions record too
  SELECT p.person_id, a.school_code, TRUE
  FROM staging.stg_persons__attributes AS a
  JOIN persons AS p ON p.record_id = 'admissions:' || a.person_key
  WHERE a.school_code IS NOT NULL
  UNION ALL
  SELECT p.person_id, f.school_code, FALSE
  FROM staging.stg_crm__form_submissions AS f
  JOIN persons AS p ON p.record_id = 'crm:' || f.contact_key
  WHERE f.school_code IS NOT NULL AND f.form_type <> 'catalogue_order_school'
  UNION ALL
  SELECT p.person_id, c.school_code, FALSE
  FROM staging.stg_crm__contacts AS c
  JOIN persons AS p ON p.record_id = 'crm:' || c.contact_key
  WHERE c.school_code IS NOT NULL
),

counted AS (
  SELECT person_id, school_code, bool_or(admissions_record) AS admissions_record, count(*) AS mentions
  FROM mentions
  GROUP BY person_id, school_code
)

SELECT person_id, school_code
FROM counted
QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY admissions_record DESC, mentions DESC, school_code) = 1
