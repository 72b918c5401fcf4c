-- grain: one row per alumni engagement (engagement_id): an event, guest lecture, mentoring, internship offer, gift ...
-- test: unique(engagement_id)
-- test: not_null(engagement_id, member_key)
WITH source AS (
  SELECT * FROM latest_versions('raw.alumni__engagements', engagement_id, keep := member_id IS NOT NULL)
)

SELECT
  engagement_id,
  system_key('alumni', member_id) AS member_key,
  lower(trim(engagement_type)) AS engagement_type,
  lower(trim(case_mode)) AS case_mode,
  engaged_on,
  detail
FROM source
