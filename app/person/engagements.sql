-- Alumni engagements (guest lectures, mentoring, events, gifts, ...) with their CASE mode, and LinkedIn connections
-- to the institution's page (communication), in date order.
-- grain: one row per engagement or connection of the person
SELECT e.engagement_type, e.case_mode, e.engaged_on::VARCHAR AS engaged_on, e.detail
FROM staging.stg_alumni__engagements AS e
WHERE e.member_key IN (SELECT record_key FROM person_records WHERE source = 'alumni')
UNION ALL
SELECT 'linkedin_connection', 'communication', l.connected_on::VARCHAR, nullif(concat_ws(' at ', l.position, l.company), '')
FROM staging.stg_linkedin__connections AS l
WHERE l.connection_key IN (SELECT record_key FROM person_records WHERE source = 'linkedin')
ORDER BY engaged_on, engagement_type
