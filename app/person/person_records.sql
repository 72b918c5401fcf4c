-- The source records identity put together as the person looked up ($1), split into source and pseudonymous key
-- so every section can join its source's staging rows by their key. Written to the TEMP table person_records,
-- which each section below reads (one lookup at a time: the table is replaced for the next person).
-- grain: one row per source record of the person
CREATE OR REPLACE TEMP TABLE person_records AS
SELECT
  r.person_id,
  r.record_id,
  split_part(r.record_id, ':', 1) AS source,
  substr(r.record_id, strpos(r.record_id, ':') + 1) AS record_key
FROM identity.person_registry AS r
WHERE r.person_id = $1::BIGINT
