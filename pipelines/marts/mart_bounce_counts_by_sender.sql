-- grain: one row per calendar month x sending department: persons that department mailed that month, of them the
-- persons at least one of whose messages bounced, and the messages; the counts mart_bounces_by_sender's rates rest on.
-- incremental: core.fct_mailings by (person_id, sent_month), summing persons_bounced_num, persons_mailed_den, messages_bounced, messages
-- (every count is of one person's messages of one month: a daily mailings file changes the counts of the persons it
-- mails in the months it mails them only; at 1M persons its 73 k persons have 1.2 M of the 7.5 M messages, but only
-- 186 k of them fall in those persons' changed months)
-- test: unique(month, department)
-- test: expect(persons_bounced_num <= persons_mailed_den)
WITH mailings AS (
  SELECT sent_month AS month, department, person_id, bounced
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
