-- grain: one row per calendar month x inquiry channel; persons = distinct CRM contacts with an inquiry-type form that month.
WITH inquiry_forms AS (
  SELECT contact_key, submitted_at, channel
  FROM staging.stg_crm__form_submissions
  -- the same stage rules as core.fct_lifecycle_events
  WHERE form_type IN (SELECT value FROM slm_stage_rules WHERE source = 'form_type' AND stage = 'inquiry')
),

by_month AS (
  SELECT
    date_trunc('month', submitted_at)::DATE AS month,
    channel,
    count(DISTINCT contact_key) AS inquirers,
    count(*) AS submissions
  FROM inquiry_forms
  GROUP BY ALL
)

SELECT month, channel, inquirers, submissions
FROM by_month
ORDER BY month, channel
