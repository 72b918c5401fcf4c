-- grain: one row per calendar month x sending department: persons that department mailed that month, of them the
-- persons at least one of whose messages bounced, and the messages; the counts mart_bounces_by_sender's rates rest on.
-- incremental: core.fct_mailings by person_id, summing persons_bounced_num, persons_mailed_den, messages_bounced, messages
-- (every count is of one person's messages: a daily mailings file changes the counts of the persons it mails only, and
-- the 7.5 M messages at 1M persons are not grouped again for it)
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
  count(*) AS messages
FROM mailings
GROUP BY ALL
ORDER BY month, department
