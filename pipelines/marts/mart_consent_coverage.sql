-- grain: one row per sending department x consent purpose its mail needs (from the outreach config); mail of purpose 'none' needs no consent, so its numerators are NULL.
-- Numerators and denominators, never bare rates: persons mailed (den); persons every one of whose messages from the
-- department was sent under a consent for that purpose valid at the time (num); the same per message; and persons
-- holding a valid consent as of the reference date.
-- incremental: core.fct_mailings by person_id, summing persons_covered_at_send_num, persons_mailed_den, messages_covered_at_send_num, messages_den, persons_valid_now_num
-- (each count is of one person's messages and consents: a daily file changes its persons' counts only)
WITH mailings AS (
  SELECT mailing_id, person_id, department, purpose, sent_at FROM core.fct_mailings
),

-- one row per person and purpose: the consent periods, so each message meets one row (a join per consent then a
-- regrouping by message cost a 7.6 M-group aggregation at 1M persons), and whether one is valid now
consents AS (
  SELECT
    person_id,
    purpose,
    list({'given_at': given_at, 'withdrawn_at': withdrawn_at, 'expires_at': expires_at}) AS periods,
    bool_or(is_valid) IS TRUE AS valid_now
  FROM core.fct_consents
  -- only the mailed persons' consents are ever joined; an incremental run's mailings are its changed persons',
  -- whose consents are a few percent of all
  SEMI JOIN (SELECT DISTINCT person_id FROM mailings) AS m USING (person_id)
  GROUP BY person_id, purpose
),

covered AS (
  SELECT
    m.department,
    m.purpose,
    m.person_id,
    coalesce(len(list_filter(c.periods, p -> p.given_at <= m.sent_at
      AND (p.withdrawn_at IS NULL OR m.sent_at < p.withdrawn_at)
      AND (p.expires_at IS NULL OR m.sent_at < p.expires_at))) > 0, FALSE) AS valid_at_send,
    coalesce(c.valid_now, FALSE) AS valid_now
  FROM mailings AS m
  LEFT JOIN consents AS c ON c.person_id = m.person_id AND c.purpose = m.purpose
),

per_person AS (
  SELECT
    department,
    purpose,
    person_id,
    count(*) AS messages,
    count(*) FILTER (WHERE valid_at_send) AS messages_valid_at_send,
    bool_and(valid_at_send) AS all_valid_at_send,
    bool_or(valid_now) AS valid_now
  FROM covered
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
