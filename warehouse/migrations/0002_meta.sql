-- Bookkeeping written in the same transaction as the data it describes.

-- grain: one row per distinct file content loaded (SHA-256); a changed file with the same name is a new row.
CREATE SEQUENCE IF NOT EXISTS meta.file_id_seq START 1;
CREATE TABLE IF NOT EXISTS meta.load_manifest (
  file_id        BIGINT PRIMARY KEY,
  sha256         VARCHAR NOT NULL UNIQUE,
  file_name      VARCHAR NOT NULL,
  file_path      VARCHAR NOT NULL,
  bytes          BIGINT NOT NULL,
  source         VARCHAR NOT NULL,
  entity         VARCHAR NOT NULL,
  raw_table      VARCHAR NOT NULL,
  profile        VARCHAR NOT NULL,
  rows_read      BIGINT NOT NULL,
  rows_loaded    BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  started_at     TIMESTAMPTZ NOT NULL,
  finished_at    TIMESTAMPTZ NOT NULL
);

-- grain: one row per rejected input row (a row may have several problems; the first decisive one is kept).
CREATE TABLE IF NOT EXISTS meta.quarantine (
  file_id     BIGINT NOT NULL,
  file_name   VARCHAR NOT NULL,
  line        BIGINT,
  column_name VARCHAR,
  value       VARCHAR,
  reason      VARCHAR NOT NULL,
  detail      VARCHAR,
  raw_line    VARCHAR
);

-- grain: one row per `slm run`.
CREATE SEQUENCE IF NOT EXISTS meta.run_id_seq START 1;
CREATE TABLE IF NOT EXISTS meta.pipeline_run (
  run_id      BIGINT PRIMARY KEY,
  started_at  TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status      VARCHAR NOT NULL,
  models      INTEGER,
  error       VARCHAR
);

-- grain: one row per model built in a run.
CREATE TABLE IF NOT EXISTS meta.model_run (
  run_id      BIGINT NOT NULL,
  model       VARCHAR NOT NULL,
  rows        BIGINT,
  seconds     DOUBLE,
  status      VARCHAR NOT NULL
);

-- grain: one row per command that read or changed data.
CREATE TABLE IF NOT EXISTS meta.audit_log (
  logged_at TIMESTAMPTZ NOT NULL,
  actor    VARCHAR NOT NULL,
  command  VARCHAR NOT NULL,
  detail   VARCHAR
);
