-- Mail the person received, by sending department: messages, bounces, campaigns, the first and the last.
-- grain: one row per department
SELECT m.department, count(*)::INTEGER AS mailings, count(*) FILTER (WHERE m.bounced)::INTEGER AS bounced,
       count(DISTINCT m.campaign)::INTEGER AS campaigns, min(m.sent_at)::VARCHAR AS first_sent_at,
       max(m.sent_at)::VARCHAR AS last_sent_at
FROM core.fct_mailings AS m
WHERE m.person_id IN (SELECT person_id FROM person_records)
GROUP BY m.department
ORDER BY m.department
