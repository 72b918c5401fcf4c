-- grain: one row per number of source records a person has (5 and more together): how many persons have that many.
WITH sizes AS (
  SELECT person_id, count(*) AS records FROM identity.person_registry GROUP BY person_id
)

SELECT
  CASE WHEN records >= 5 THEN '5+' ELSE records::VARCHAR END AS records_per_person,
  count(*) AS persons
FROM sizes
GROUP BY 1
ORDER BY 1
