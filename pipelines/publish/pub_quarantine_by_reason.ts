import { definePublishTable } from "../disclosure/index.ts";

/**
 * Input rows set aside, and why: per source, entity and reason, with the total per reason family and over
 * all. Rows count as the unit here, not persons (a quarantined row often has no person to count: a
 * malformed line, a bad date before the key is read), and they pass disclosure control as persons do:
 * rounded to 5, fewer than 5 suppressed, with partners. One person's rows can fill a cell, which is why an
 * erased person's rows are a single cell with no source or entity (marts.mart_quarantine_by_reason).
 */
export default definePublishTable({
  name: "pub_quarantine_by_reason",
  grain:
    "one row per quarantine reason x source system x entity (erased persons' rows: one row, no source), with the totals per reason family and over all; rows after disclosure control",
  source: `SELECT reason_family, reason, source, entity, rows_quarantined
             FROM marts.mart_quarantine_by_reason`,
  dimensions: ["reason_family", "reason", "source", "entity"],
  margins: [["reason_family"], []],
  totals: "sum",
  measures: [{ kind: "count", column: "rows_quarantined" }],
});
