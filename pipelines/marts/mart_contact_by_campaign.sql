-- grain: one row per sending department x campaign: messages, distinct persons reached, and how many of them the campaign's messages pushed over a cap or into a collision.
-- The counts are summed per person in mart_campaign_counts and mart_campaign_collided_persons, which a daily mailings
-- file patches for the persons it mails; the first and last send are a min and max, which no sum patches, so they
-- are grouped here again (a few hundred groups). Department or campaign may be NULL, a group like any other, hence
-- the joins on IS NOT DISTINCT FROM.
WITH counts AS (
  SELECT * FROM marts.mart_campaign_counts
),

sent AS (
  SELECT department, campaign, min(sent_at) AS first_sent_at, max(sent_at) AS last_sent_at
  FROM core.fct_mailings
  GROUP BY ALL
),

collided AS (
  SELECT * FROM marts.mart_campaign_collided_persons
)

SELECT
  n.department,
  n.campaign,
  s.first_sent_at,
  s.last_sent_at,
  n.messages,
  n.persons,
  n.persons_over_cap,
  coalesce(c.persons_in_collision, 0) AS persons_in_collision
FROM counts AS n
JOIN sent AS s
  ON s.department IS NOT DISTINCT FROM n.department AND s.campaign IS NOT DISTINCT FROM n.campaign
LEFT JOIN collided AS c
  ON c.department IS NOT DISTINCT FROM n.department AND c.campaign IS NOT DISTINCT FROM n.campaign
ORDER BY n.department, n.campaign
