-- grain: one row per pair of messages to one person from two different departments sent within the configured collision window (default 48 h, inclusive).
-- The pair is ordered: message 1 is the earlier (on a tie, the lower mailing_id). Same-department pairs are not collisions.
WITH mailings AS (
  SELECT person_id, mailing_id, department, campaign, sent_at FROM core.fct_mailings
),

window_hours AS (
  SELECT collision_hours FROM slm_outreach
)

SELECT
  a.person_id,
  a.mailing_id AS mailing_id_1,
  a.department AS department_1,
  a.campaign AS campaign_1,
  a.sent_at AS sent_at_1,
  b.mailing_id AS mailing_id_2,
  b.department AS department_2,
  b.campaign AS campaign_2,
  b.sent_at AS sent_at_2,
  round(epoch(b.sent_at - a.sent_at) / 3600, 2) AS hours_apart
FROM mailings AS a
JOIN mailings AS b
  ON a.person_id = b.person_id
  AND a.department <> b.department
  AND (b.sent_at > a.sent_at OR (b.sent_at = a.sent_at AND b.mailing_id > a.mailing_id))
CROSS JOIN window_hours AS w
WHERE epoch(b.sent_at - a.sent_at) <= w.collision_hours * 3600
ORDER BY a.person_id, a.sent_at, a.mailing_id, b.sent_at, b.mailing_id
