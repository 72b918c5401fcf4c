-- grain: one row per person-record, numbered 1..n in record_id order (for this run only). Linking and
-- clustering carry these integers instead of 68-character record ids (int_identity_links,
-- int_record_clusters). A model of its own because numbering int_person_records in place sorts its
-- identifier lists along with the ids: at 1M persons that spilled and cost 9 s, this costs about 2.
-- test: unique(record_id)
-- test: unique(record_no)
-- test: not_null(record_id, record_no)
SELECT record_id, (row_number() OVER (ORDER BY record_id))::INTEGER AS record_no
FROM identity.int_person_records
