-- The day an extract was taken, from its file name (crm_contacts_2026-10-01.csv): exports are named so, and
-- no contract carries it as a column. NULL for a name with no date. Read by the freshness mart and by the
-- reference date's default (pipelines/freshness/reference-date.ts), which must agree on it.
CREATE OR REPLACE TEMP MACRO file_extract_date(file_name) AS
  TRY_CAST(regexp_extract(file_name, '(\d{4}-\d{2}-\d{2})', 1) AS DATE);
