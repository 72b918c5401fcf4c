-- A quarantined line holds what its file held: names, e-mails, phone numbers, national IDs. Clear text lives in
-- raw alone (DESIGN §3), so the line and the refused value move to raw.quarantined_lines, which erasure and
-- retention treat like any raw table; meta.quarantine keeps what an analyst needs to fix a profile (file, line,
-- column, reason, a detail written by the loader, never a value). `entry` numbers a file's quarantine rows and
-- joins the two halves; the raw side names them `_file_id` and `_entry`, as every raw table names its lineage.

-- grain: one row per quarantined input row, by (_file_id, _entry).
CREATE TABLE raw.quarantined_lines (
  _file_id BIGINT NOT NULL,
  _entry   BIGINT NOT NULL,
  value    VARCHAR,
  raw_line VARCHAR
);

CREATE TEMP TABLE slm_quarantine_before AS
SELECT *, row_number() OVER (PARTITION BY file_id ORDER BY line NULLS LAST, reason, column_name) AS entry
  FROM meta.quarantine;

INSERT INTO raw.quarantined_lines
SELECT file_id, entry, value, raw_line FROM slm_quarantine_before
 WHERE value IS NOT NULL OR raw_line IS NOT NULL;

DROP TABLE meta.quarantine;

-- grain: one row per rejected input row (a row may have several problems; the first decisive one is kept).
CREATE TABLE meta.quarantine (
  file_id     BIGINT NOT NULL,
  entry       BIGINT NOT NULL,
  file_name   VARCHAR NOT NULL,
  line        BIGINT,
  column_name VARCHAR,
  reason      VARCHAR NOT NULL,
  detail      VARCHAR
);

INSERT INTO meta.quarantine
SELECT file_id, entry, file_name, line, column_name, reason, detail FROM slm_quarantine_before ORDER BY file_id, entry;

DROP TABLE slm_quarantine_before;
