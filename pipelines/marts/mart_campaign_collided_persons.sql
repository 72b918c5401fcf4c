-- grain: one row per sending department x campaign with a message in a collision: the distinct persons one of its
-- messages collided for (a message of it is either side of a pair in mart_contact_collisions). A person with a
-- collided message of one campaign and a message of another campaign of the same department outside every pair
-- counts for the first campaign only.
-- incremental: marts.mart_contact_collisions by person_id, summing persons_in_collision
-- (a person's pairs are that person's messages alone, so a daily mailings file changes its persons' counts only)
-- test: unique(department, campaign)
-- test: not_null(department, persons_in_collision)
-- test: expect(persons_in_collision > 0)
WITH collided AS (
  SELECT person_id, department_1 AS department, campaign_1 AS campaign FROM marts.mart_contact_collisions
  UNION ALL
  SELECT person_id, department_2, campaign_2 FROM marts.mart_contact_collisions
)

SELECT
  department,
  campaign,
  count(DISTINCT person_id) AS persons_in_collision
FROM collided
GROUP BY ALL
ORDER BY department, campaign
