-- grain: one row per calendar month x sending department: the persons the department mailed that month, and of them those
-- who withdrew a consent within 30 days of the department's message, it being the last they got before withdrawing.
-- The CRM records no unsubscribe link per message, so the last sender before a withdrawal is the nearest the data allows;
-- a withdrawal with no message in the 30 days before is attributed to '(none)', in the month of the withdrawal.
-- A withdrawal counts in the month of that last message, not of the withdrawal: a person mailed on 24 March who withdrew
-- on 5 April was mailed in March, so counted in April they were not among April's mailed persons, and a department's
-- rate could pass 100% (55 of 50 at 1M demo persons, which disclosure control refused to publish).
-- incremental: core.fct_mailings by person_id, summing withdrawals, persons_withdrawing_num, persons_mailed_den
-- (every count is of one person's consents and messages, joined by person: a daily file changes its persons' counts only)
WITH withdrawals AS (
  SELECT consent_id, person_id, purpose, withdrawn_at
  FROM core.fct_consents
  WHERE withdrawn_at IS NOT NULL
),

last_sender AS (
  SELECT w.consent_id, w.person_id, w.withdrawn_at, m.department, m.sent_at AS last_sent_at
  FROM withdrawals AS w
  LEFT JOIN core.fct_mailings AS m
    ON m.person_id = w.person_id AND m.sent_at <= w.withdrawn_at AND m.sent_at > w.withdrawn_at - INTERVAL 30 DAYS
  QUALIFY row_number() OVER (PARTITION BY w.consent_id ORDER BY m.sent_at DESC NULLS LAST, m.mailing_id DESC) = 1
),

withdrawn AS (
  SELECT
    date_trunc('month', coalesce(last_sent_at, withdrawn_at))::DATE AS month,
    coalesce(department, '(none)') AS department,
    count(*) AS withdrawals,
    count(DISTINCT person_id) AS persons_withdrawing
  FROM last_sender
  GROUP BY ALL
),

mailed AS (
  SELECT sent_month AS month, department, count(DISTINCT person_id) AS persons_mailed
  FROM core.fct_mailings
  GROUP BY ALL
)

SELECT
  month,
  department,
  coalesce(w.withdrawals, 0) AS withdrawals,
  coalesce(w.persons_withdrawing, 0) AS persons_withdrawing_num,
  coalesce(m.persons_mailed, 0) AS persons_mailed_den
FROM withdrawn AS w
FULL JOIN mailed AS m USING (month, department)
ORDER BY month, department
