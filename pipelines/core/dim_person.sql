-- grain: one row per person (durable, pseudonymous person_id), summarising the source records linked to them.
-- test: unique(person_id)
-- test: not_null(person_id)
WITH records AS (
  SELECT r.person_id, p.*
  FROM identity.person_registry AS r
  JOIN identity.int_person_records AS p USING (record_id)
)

SELECT
  person_id,
  count(*) AS source_records,
  list(DISTINCT source ORDER BY source) AS sources,
  bool_or(len(national_keys) > 0) AS has_national_id,
  min(first_seen) AS first_seen,
  max(last_seen) AS last_seen
FROM records
GROUP BY person_id
