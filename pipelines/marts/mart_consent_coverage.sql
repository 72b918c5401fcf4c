-- grain: one row per sending department x consent purpose its mail needs (from the outreach config); mail of purpose 'none' needs no consent, so its numerators are NULL.
-- Numerators and denominators, never bare rates: persons mailed (den); persons every one of whose messages from the
-- department was sent under a consent for that purpose valid at the time (num); the same per message; and persons
-- holding a valid consent as of the reference date.
WITH mailings AS (
  SELECT mailing_id, person_id, department, purpose, sent_at FROM core.fct_mailings
),

consents AS (
  SELECT person_id, purpose, given_at, withdrawn_at, expires_at, is_valid FROM core.fct_consents
),

covered AS (
  SELECT
    m.mailing_id,
    bool_or(
      c.given_at <= m.sent_at
      AND (c.withdrawn_at IS NULL OR m.sent_at < c.withdrawn_at)
      AND (c.expires_at IS NULL OR m.sent_at < c.expires_at)
    ) IS TRUE AS valid_at_send
  FROM mailings AS m
  LEFT JOIN consents AS c ON c.person_id = m.person_id AND c.purpose = m.purpose
  GROUP BY m.mailing_id
),

valid_now AS (
  SELECT DISTINCT person_id, purpose FROM consents WHERE is_valid
),

per_person AS (
  SELECT
    m.department,
    m.purpose,
    m.person_id,
    count(*) AS messages,
    count(*) FILTER (WHERE v.valid_at_send) AS messages_valid_at_send,
    bool_and(v.valid_at_send) AS all_valid_at_send,
    any_value(n.person_id) IS NOT NULL AS valid_now
  FROM mailings AS m
  JOIN covered AS v USING (mailing_id)
  LEFT JOIN valid_now AS n ON n.person_id = m.person_id AND n.purpose = m.purpose
  GROUP BY ALL
)

SELECT
  department,
  purpose,
  CASE WHEN purpose <> 'none' THEN count(*) FILTER (WHERE all_valid_at_send) END AS persons_covered_at_send_num,
  count(*) AS persons_mailed_den,
  CASE WHEN purpose <> 'none' THEN sum(messages_valid_at_send)::BIGINT END AS messages_covered_at_send_num,
  sum(messages)::BIGINT AS messages_den,
  CASE WHEN purpose <> 'none' THEN count(*) FILTER (WHERE valid_now) END AS persons_valid_now_num
FROM per_person
GROUP BY department, purpose
ORDER BY department, purpose
