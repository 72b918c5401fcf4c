-- grain: one row per source system: its person-records, the persons they belong to, and the share of those
-- persons who also have a student-records (Ladok, Osiris) record, i.e. can be followed into their studies.
WITH records AS (
  SELECT p.source, r.person_id
  FROM identity.int_person_records AS p
  JOIN identity.person_registry AS r USING (record_id)
),

in_records_system AS (
  SELECT DISTINCT person_id FROM records WHERE source IN ('ladok', 'osiris')
)

SELECT
  source,
  count(*) AS records,
  count(DISTINCT person_id) AS persons,
  count(DISTINCT person_id) FILTER (WHERE person_id IN (SELECT person_id FROM in_records_system)) AS persons_linkable_to_records,
  round(persons_linkable_to_records / count(DISTINCT person_id), 4) AS share_linkable_to_records
FROM records
GROUP BY source
ORDER BY source
