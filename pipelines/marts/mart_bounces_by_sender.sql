-- grain: one row per calendar month x sending department: persons that department mailed that month, and of them
-- the persons at least one of whose messages bounced (returned by the mail server or the post).
-- test: unique(month, department)
-- test: expect(persons_bounced_num <= persons_mailed_den)
WITH mailings AS (
  SELECT date_trunc('month', sent_at)::DATE AS month, department, person_id, bounced
  FROM core.fct_mailings
)

SELECT
  month,
  department,
  count(DISTINCT person_id) FILTER (WHERE bounced) AS persons_bounced_num,
  count(DISTINCT person_id) AS persons_mailed_den,
  count(*) FILTER (WHERE bounced) AS messages_bounced,
  count(*) AS messages,
  wilson_low(count(DISTINCT person_id) FILTER (WHERE bounced), count(DISTINCT person_id)) AS bounce_rate_low,
  wilson_high(count(DISTINCT person_id) FILTER (WHERE bounced), count(DISTINCT person_id)) AS bounce_rate_high
FROM mailings
GROUP BY ALL
ORDER BY month, department
