-- grain: one row per sending department x campaign: messages, distinct persons reached, and how many of them the campaign's messages pushed over a cap or into a collision.
WITH pressure AS (
  SELECT * FROM marts.mart_contact_pressure
),

collided AS (
  SELECT mailing_id_1 AS mailing_id FROM marts.mart_contact_collisions
  UNION
  SELECT mailing_id_2 FROM marts.mart_contact_collisions
)

SELECT
  p.department,
  p.campaign,
  min(p.sent_at) AS first_sent_at,
  max(p.sent_at) AS last_sent_at,
  count(*) AS messages,
  count(DISTINCT p.person_id) AS persons,
  count(DISTINCT p.person_id) FILTER (WHERE p.over_cap_7_days OR p.over_cap_30_days) AS persons_over_cap,
  count(DISTINCT p.person_id) FILTER (WHERE c.mailing_id IS NOT NULL) AS persons_in_collision
FROM pressure AS p
LEFT JOIN collided AS c USING (mailing_id)
GROUP BY ALL
ORDER BY p.department, p.campaign
