-- grain: one row per secondary school (school_code): how many persons from it inquired, applied and enrolled
-- (distinct persons whose school of origin it is, core.dim_person_school, with the stage reached by the reference
-- date), and how many catalogue orders were sent to it (forms of type catalogue_order_school; orders, not persons).
-- Persons whose school no source names are in no row (marts.mart_school_coverage says how many of the students
-- they are). Codes are upper-cased as core.dim_person_school compares them, so an order and a student of one
-- school meet in one row however the CRM wrote the code.
WITH settings AS (
  SELECT (reference_date + INTERVAL 1 DAY)::TIMESTAMP AS cutoff FROM slm_settings
),

stages AS (
  SELECT s.school_code, e.stage, e.person_id
  FROM core.fct_lifecycle_events AS e
  JOIN core.dim_person_school AS s USING (person_id)
  WHERE e.stage IN ('inquiry', 'application', 'enrolled')
    AND e.event_at < (SELECT cutoff FROM settings)
),

persons AS (
  SELECT
    school_code,
    count(DISTINCT person_id) FILTER (WHERE stage = 'inquiry') AS inquirers,
    count(DISTINCT person_id) FILTER (WHERE stage = 'application') AS applicants,
    count(DISTINCT person_id) FILTER (WHERE stage = 'enrolled') AS enrolled
  FROM stages
  GROUP BY school_code
),

orders AS (
  SELECT upper(school_code) AS school_code, count(DISTINCT submission_id) AS catalogue_orders
  FROM staging.stg_crm__form_submissions
  WHERE form_type = 'catalogue_order_school' AND school_code IS NOT NULL
    AND submitted_at < (SELECT cutoff FROM settings)
  GROUP BY upper(school_code)
)

SELECT
  school_code,
  coalesce(p.inquirers, 0) AS inquirers,
  coalesce(p.applicants, 0) AS applicants,
  coalesce(p.enrolled, 0) AS enrolled,
  coalesce(o.catalogue_orders, 0) AS catalogue_orders
FROM persons AS p
FULL JOIN orders AS o USING (school_code)
