-- grain: one row per person (person_id) whose records name a secondary school: the school of origin (SE
-- skolenhetskod, NL BRIN + vestiging, any code another system's person attributes give) and the kind of source it
-- was taken from (school_source).
-- Every source that carries a school feeds it, by precedence of source (a lower rank wins):
--   1 admissions: the school the admissions system reports the diploma from: NyA's skolenhetskod, Studielink's BRIN
--     and vestiging, and the person attributes (persons.attributes) of any admissions or student records system;
--   2 crm_contact: the school on the person's CRM contact record;
--   3 crm_form: the schools the person's own CRM forms name. A counsellor's catalogue order for a school says
--     nothing about the counsellor's own school, so it is left out.
-- Within a rank, the school named most often, ties the lowest code: an admissions record names its school once,
-- however many application choices or enrolment requests repeat it; each CRM form is a mention of its own. Codes are
-- compared trimmed and upper-cased, as the school catalogue keys them, so one school written two ways is one school.
-- test: unique(person_id)
-- test: not_null(person_id, school_code, school_source)
-- test: accepted_values(school_source: admissions, crm_contact, crm_form)
-- test: relationships(person_id -> core.dim_person.person_id)
WITH persons AS (
  SELECT record_id, person_id FROM identity.person_registry
),

mentions AS (
  SELECT p.person_id, n.school_code, 1 AS source_rank
  FROM (SELECT DISTINCT applicant_key, school_code FROM staging.stg_nya__applications) AS n
  JOIN persons AS p ON p.record_id = 'nya:' || n.applicant_key
  UNION ALL
  SELECT p.person_id, l.school_code, 1
  FROM (SELECT DISTINCT studielink_key, school_code FROM staging.stg_studielink__enrolment_requests) AS l
  JOIN persons AS p ON p.record_id = 'studielink:' || l.studielink_key
  UNION ALL
  SELECT p.person_id, a.school_code, 1
  FROM staging.stg_persons__attributes AS a
  JOIN persons AS p ON p.record_id = 'admissions:' || a.person_key
  UNION ALL
  SELECT p.person_id, c.school_code, 2
  FROM staging.stg_crm__contacts AS c
  JOIN persons AS p ON p.record_id = 'crm:' || c.contact_key
  UNION ALL
  SELECT p.person_id, f.school_code, 3
  FROM staging.stg_crm__form_submissions AS f
  JOIN persons AS p ON p.record_id = 'crm:' || f.contact_key
  WHERE f.form_type <> 'catalogue_order_school'
),

named AS (
  SELECT person_id, upper(trim(school_code)) AS school_code, source_rank
  FROM mentions
  WHERE nullif(trim(school_code), '') IS NOT NULL
),

counted AS (
  SELECT person_id, school_code, source_rank, count(*) AS mentions
  FROM named
  GROUP BY person_id, school_code, source_rank
)

SELECT
  person_id,
  school_code,
  CASE source_rank WHEN 1 THEN 'admissions' WHEN 2 THEN 'crm_contact' ELSE 'crm_form' END AS school_source
FROM counted
QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY source_rank, mentions DESC, school_code) = 1
