-- grain: one row per person who got more messages than the configured cap in some rolling 7 or 30 days (all departments together).
-- top_department: the department that sent most of the messages in the person's busiest 7 days.
-- incremental: marts.mart_contact_pressure by person_id
-- (a person's row is made of that person's messages alone: a daily file rebuilds the rows of the persons it mails,
-- and a person no longer over the cap loses theirs)
WITH pressure AS (
  SELECT * FROM marts.mart_contact_pressure
),

breaching AS (
  SELECT person_id FROM pressure WHERE over_cap_7_days OR over_cap_30_days GROUP BY person_id
),

-- the message that ends the busiest 7 days (the earliest such, on a tie)
peak AS (
  SELECT p.person_id, p.sent_at AS peak_at
  FROM pressure AS p
  JOIN breaching USING (person_id)
  QUALIFY row_number() OVER (PARTITION BY p.person_id ORDER BY p.messages_7_days DESC, p.sent_at, p.mailing_id) = 1
),

peak_department AS (
  SELECT k.person_id, p.department, count(*) AS messages
  FROM peak AS k
  JOIN pressure AS p ON p.person_id = k.person_id AND p.sent_at > k.peak_at - INTERVAL 7 DAYS AND p.sent_at <= k.peak_at
  GROUP BY k.person_id, p.department
  QUALIFY row_number() OVER (PARTITION BY k.person_id ORDER BY count(*) DESC, p.department) = 1
)

SELECT
  p.person_id,
  max(p.messages_7_days) AS max_messages_7_days,
  max(p.messages_30_days) AS max_messages_30_days,
  bool_or(p.over_cap_7_days) AS over_cap_7_days,
  bool_or(p.over_cap_30_days) AS over_cap_30_days,
  min(p.sent_at) FILTER (WHERE p.over_cap_7_days OR p.over_cap_30_days) AS first_breach_at,
  count(*) FILTER (WHERE p.over_cap_7_days OR p.over_cap_30_days) AS messages_over_cap,
  any_value(d.department) AS top_department
FROM pressure AS p
JOIN breaching USING (person_id)
JOIN peak_department AS d USING (person_id)
GROUP BY p.person_id
ORDER BY p.person_id
