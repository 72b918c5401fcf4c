-- The person's CRM forms. A scholarship application, an arrival registration or a housing interest belongs to an
-- application: of the person's choices applied for within a year of the form, the one of the form's programme,
-- then the nearest in time (for arrival and housing measured from the acceptance, which they follow; for a
-- scholarship from the application), then the first priority.
-- grain: one row per form submission of the person
WITH forms AS (
  SELECT f.submission_id, f.form_type, f.submitted_at, f.channel, f.campaign, f.programme_code
  FROM staging.stg_crm__form_submissions AS f
  WHERE f.contact_key IN (SELECT record_key FROM person_records WHERE source = 'crm')
),

choices AS (
  SELECT c.system, c.programme_code, c.intake, c.priority, c.applied_on,
         coalesce(c.accepted_on, c.offered_on, c.applied_on) AS decided_on
  FROM core.fct_admission_choices AS c
  WHERE c.person_id IN (SELECT person_id FROM person_records)
),

belongs_to AS (
  SELECT f.submission_id, c.system, c.programme_code, c.intake
  FROM forms AS f
  JOIN choices AS c
    ON abs(date_diff('day', c.applied_on, f.submitted_at::DATE)) <= 365
  WHERE f.form_type IN ('scholarship_application', 'arrival_registration', 'housing_interest')
  QUALIFY row_number() OVER (
    PARTITION BY f.submission_id
    ORDER BY c.programme_code IS NOT DISTINCT FROM f.programme_code DESC,
             abs(date_diff('day',
                           CASE WHEN f.form_type = 'scholarship_application' THEN c.applied_on ELSE c.decided_on END,
                           f.submitted_at::DATE)),
             c.priority NULLS LAST, c.intake, c.system
  ) = 1
)

SELECT f.form_type, f.submitted_at::VARCHAR AS submitted_at, f.channel, f.campaign, f.programme_code,
       b.system AS application_system, b.programme_code AS application_programme, b.intake AS application_intake
FROM forms AS f
LEFT JOIN belongs_to AS b USING (submission_id)
ORDER BY f.submitted_at, f.form_type, f.submission_id
