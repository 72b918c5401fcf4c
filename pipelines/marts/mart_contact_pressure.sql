-- grain: one row per message (mailing_id) to a person, with how many messages that person got in the rolling 7 and 30 days ending with it.
-- incremental: core.fct_mailings by person_id
-- A window of 7 days is (sent_at - 7 days, sent_at]: a message exactly 7 days earlier has left it, so one
-- message a week, always at the same hour, is one per 7 days. Messages from every department count.
WITH caps AS (
  SELECT cap_per_7_days, cap_per_30_days FROM slm_outreach
),

rolling AS (
  SELECT
    person_id,
    mailing_id,
    department,
    campaign,
    sent_at,
    count(*) OVER (
      PARTITION BY person_id ORDER BY sent_at
      RANGE BETWEEN INTERVAL '6 days 23:59:59.999999' PRECEDING AND CURRENT ROW
    ) AS messages_7_days,
    count(*) OVER (
      PARTITION BY person_id ORDER BY sent_at
      RANGE BETWEEN INTERVAL '29 days 23:59:59.999999' PRECEDING AND CURRENT ROW
    ) AS messages_30_days
  FROM core.fct_mailings
)

SELECT
  r.person_id,
  r.mailing_id,
  r.department,
  r.campaign,
  r.sent_at,
  r.messages_7_days,
  r.messages_30_days,
  r.messages_7_days > c.cap_per_7_days AS over_cap_7_days,
  r.messages_30_days > c.cap_per_30_days AS over_cap_30_days
FROM rolling AS r
CROSS JOIN caps AS c
-- no ORDER BY: one row per message at 1M persons is 7.6 M rows to sort, and every reader orders its own
