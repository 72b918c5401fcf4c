-- The recipients of a planned send (TEMP table planned_mailing, one row per line of the planned file) with what
-- a check finds: messages in the rolling 7 and 30 days with the planned ones counted in, the departments another
-- message collides with, and whether a consent for the purpose is valid at the planned time. Messages are those
-- sent (core.fct_mailings), this send's, and the sends recorded as planned that no extract shows sent yet
-- (TEMP view planned_recipients, outreach/planned-recipients.sql); a recorded plan of the department and campaign
-- being checked is this send itself and is not counted twice.
-- Read by outreach/check.ts; settings from slm_outreach and slm_outreach_purposes (outreach/settings.ts).
WITH planned AS (
  SELECT p.*, r.person_id,
         coalesce(p.given_purpose,
                  (SELECT s.purpose FROM slm_outreach_purposes AS s
                    WHERE s.kind = 'campaign' AND starts_with(p.campaign, s.key)
                    ORDER BY length(s.key) DESC, s.key LIMIT 1),
                  (SELECT s.purpose FROM slm_outreach_purposes AS s
                    WHERE s.kind = 'department' AND s.key = p.department),
                  (SELECT default_purpose FROM slm_outreach)) AS purpose
  FROM planned_mailing AS p
  LEFT JOIN identity.person_registry AS r ON r.record_id = 'crm:' || p.contact_key
),

-- each recipient's known messages and the planned ones; a recipient identity does not know counts alone
messages AS (
  SELECT coalesce(person_id::VARCHAR, 'contact:' || contact_key) AS who, line, department, planned_at AS sent_at
  FROM planned
  UNION ALL
  SELECT m.person_id::VARCHAR, NULL, m.department, m.sent_at
  FROM core.fct_mailings AS m
  WHERE m.person_id IN (SELECT person_id FROM planned)
  UNION ALL
  SELECT s.person_id::VARCHAR, NULL, s.department, s.planned_at
  FROM planned_recipients AS s
  WHERE NOT s.sent AND s.person_id IN (SELECT person_id FROM planned)
    AND (s.department, s.campaign) NOT IN (SELECT (department, campaign) FROM planned WHERE campaign IS NOT NULL)
),

rolling AS (
  SELECT *,
    count(*) OVER (PARTITION BY who ORDER BY sent_at
                   RANGE BETWEEN INTERVAL '6 days 23:59:59.999999' PRECEDING AND CURRENT ROW) AS n7,
    count(*) OVER (PARTITION BY who ORDER BY sent_at
                   RANGE BETWEEN INTERVAL '29 days 23:59:59.999999' PRECEDING AND CURRENT ROW) AS n30
  FROM messages
),

-- a planned message breaks a cap if any window holding it (ending with it or with a later message) is over
pressure AS (
  SELECT p.line,
         max(r.n7) FILTER (WHERE r.sent_at < p.sent_at + INTERVAL 7 DAYS) AS n7,
         max(r.n30) AS n30
  FROM rolling AS p
  JOIN rolling AS r ON r.who = p.who AND r.sent_at >= p.sent_at AND r.sent_at < p.sent_at + INTERVAL 30 DAYS
  WHERE p.line IS NOT NULL
  GROUP BY p.line
),

collisions AS (
  SELECT p.line, list(DISTINCT o.department ORDER BY o.department) AS departments
  FROM rolling AS p
  JOIN rolling AS o ON o.who = p.who AND o.department <> p.department
    AND abs(epoch(o.sent_at - p.sent_at)) <= (SELECT collision_hours FROM slm_outreach) * 3600
  WHERE p.line IS NOT NULL
  GROUP BY p.line
),

consented AS (
  SELECT p.line
  FROM planned AS p
  JOIN core.fct_consents AS c ON c.person_id = p.person_id AND c.purpose = p.purpose
    AND c.given_at <= p.planned_at
    AND (c.withdrawn_at IS NULL OR p.planned_at < c.withdrawn_at)
    AND (c.expires_at IS NULL OR p.planned_at < c.expires_at)
)
SELECT p.line, p.contact_id, p.person_id::VARCHAR AS person_id, p.purpose,
       k.n7::INTEGER AS messages_7_days, k.n30::INTEGER AS messages_30_days,
       k.n7 > (SELECT cap_per_7_days FROM slm_outreach) OR k.n30 > (SELECT cap_per_30_days FROM slm_outreach) AS over_cap,
       to_json(coalesce(c.departments, []::VARCHAR[]))::VARCHAR AS collides_with,
       p.purpose <> 'none' AND p.line NOT IN (SELECT line FROM consented) AS lacks_consent
FROM planned AS p
JOIN pressure AS k USING (line)
LEFT JOIN collisions AS c USING (line)
ORDER BY p.line
