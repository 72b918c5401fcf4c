-- grain: one row per calendar month x sending department: persons that department mailed that month, and of them
-- the persons at least one of whose messages bounced (returned by the mail server or the post), with the bounce
-- rate's 95% Wilson interval. The counts come from marts.mart_bounce_counts_by_sender, which a daily mailings file
-- patches for the persons it mails; an interval is not a sum, so it is computed here, over a few hundred rows.
-- test: unique(month, department)
-- test: expect(persons_bounced_num <= persons_mailed_den)
SELECT
  month,
  department,
  persons_bounced_num,
  persons_mailed_den,
  messages_bounced,
  messages,
  wilson_low(persons_bounced_num, persons_mailed_den) AS bounce_rate_low,
  wilson_high(persons_bounced_num, persons_mailed_den) AS bounce_rate_high
FROM marts.mart_bounce_counts_by_sender
ORDER BY month, department
