-- Identity state that must survive from run to run, so a person keeps the same person_id while their
-- records stay together. The identity models rebuild these tables from their previous contents.

-- grain: one row per source person-record currently known.
CREATE TABLE IF NOT EXISTS identity.person_registry (
  record_id          VARCHAR NOT NULL,
  person_id          BIGINT NOT NULL,
  previous_person_id BIGINT,
  first_seen_run     BIGINT,
  last_changed_run   BIGINT
);

-- grain: one row per run x person_id that lost records to another person_id (merge) or gave some away (split).
CREATE TABLE IF NOT EXISTS identity.identity_changes (
  run_id         BIGINT NOT NULL,
  change         VARCHAR NOT NULL,
  from_person_id BIGINT NOT NULL,
  to_person_id   BIGINT NOT NULL,
  records        BIGINT NOT NULL
);
