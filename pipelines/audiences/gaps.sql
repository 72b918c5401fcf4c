-- grain: one row per open question x programme x intake: persons with a valid consent for the purpose ($1) and a
-- question still open on the reference date who got no message at all (sent, or recorded as planned and not sent:
-- TEMP view planned_recipients) in the $2 days up to it: "less" than they should have had.
-- Open questions:
--   inquired_no_open_day: an inquiry in a cycle whose application deadline (slm_calendar) has not passed, and no
--     open-day registration for that intake (or one naming none);
--   admitted_no_reply: admitted for an intake whose reply-by date (else its start) has not passed, with neither an
--     acceptance nor a decline for that programme and intake.
WITH settings AS (
  SELECT reference_date, (reference_date + INTERVAL 1 DAY)::TIMESTAMP AS cutoff FROM slm_settings
),

events AS (
  SELECT e.person_id, e.stage, e.programme_code, coalesce(e.intake, i.cycle_intake) AS intake
  FROM core.fct_lifecycle_events AS e
  LEFT JOIN core.int_inquiry_intakes AS i USING (event_id)
  WHERE e.event_date <= (SELECT reference_date FROM settings)
),

inquired AS (
  SELECT DISTINCT 'inquired_no_open_day' AS question, e.person_id, e.programme_code, e.intake
  FROM events AS e
  JOIN slm_calendar AS c ON c.intake = e.intake
  WHERE e.stage = 'inquiry' AND c.deadline >= (SELECT reference_date FROM settings)
    AND NOT EXISTS (
      SELECT 1 FROM events AS o
       WHERE o.person_id = e.person_id AND o.stage = 'open_day_registered' AND (o.intake IS NULL OR o.intake = e.intake)
    )
),

admitted AS (
  SELECT DISTINCT 'admitted_no_reply' AS question, e.person_id, e.programme_code, e.intake
  FROM events AS e
  JOIN slm_calendar AS c ON c.intake = e.intake
  WHERE e.stage = 'admitted' AND coalesce(c.reply_by, c.start_on) >= (SELECT reference_date FROM settings)
    AND NOT EXISTS (
      SELECT 1 FROM events AS o
       WHERE o.person_id = e.person_id AND o.stage IN ('accepted', 'declined')
         AND o.intake = e.intake AND o.programme_code IS NOT DISTINCT FROM e.programme_code
    )
),

open_questions AS (
  SELECT * FROM inquired
  UNION ALL
  SELECT * FROM admitted
),

consenting AS (
  SELECT DISTINCT person_id FROM core.fct_consents WHERE purpose = $1 AND is_valid
),

messages AS (
  SELECT person_id, sent_at FROM core.fct_mailings
  UNION ALL
  SELECT person_id, planned_at FROM planned_recipients WHERE NOT sent AND person_id IS NOT NULL
),

mailed AS (
  SELECT DISTINCT m.person_id
  FROM messages AS m, settings AS s
  WHERE m.sent_at < s.cutoff AND m.sent_at >= s.cutoff - to_days($2::INTEGER)
)

SELECT
  q.question,
  q.programme_code,
  q.intake,
  count(DISTINCT q.person_id)::INTEGER AS persons_open,
  count(DISTINCT q.person_id) FILTER (WHERE q.person_id IN (SELECT person_id FROM consenting))::INTEGER
    AS with_consent,
  count(DISTINCT q.person_id) FILTER (
    WHERE q.person_id IN (SELECT person_id FROM consenting) AND q.person_id NOT IN (SELECT person_id FROM mailed)
  )::INTEGER AS nothing_in_days
FROM open_questions AS q
GROUP BY q.question, q.programme_code, q.intake
ORDER BY q.question, q.intake, q.programme_code
