import type { Warehouse } from "../warehouse/connection.ts";
import { ensureSystemScopedTables, erasedLineCondition, erasureListSize } from "./person-keys.ts";

/**
 * A file's quarantined rows are gathered here (in file order) during its load, then split in two: what an
 * analyst needs to fix a profile goes to meta.quarantine, the clear text (the refused value and the whole
 * line, which hold names, e-mails and national IDs) to raw.quarantined_lines, which erasure and retention
 * treat like the raw tables. `entry` joins the halves.
 */
export const QUARANTINE_ROWS = "slm_quarantine_rows";

export async function createQuarantineRows(warehouse: Warehouse): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${QUARANTINE_ROWS} (
       line BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR, detail VARCHAR, raw_line VARCHAR)`,
  );
}

export async function storeQuarantineRows(
  warehouse: Warehouse,
  fileId: number,
  fileName: string,
): Promise<void> {
  // A refused line of an erased person (an old extract loaded again) keeps nothing of its content. The
  // key functions are registered whenever the list is not empty (quarantineErasedRows insists on it).
  if ((await erasureListSize(warehouse)) > 0) {
    await ensureSystemScopedTables(warehouse);
    await warehouse.run(
      `UPDATE ${QUARANTINE_ROWS}
          SET reason = 'erased_person', column_name = NULL, value = NULL, raw_line = NULL,
              detail = 'row of a person on the erasure list'
        WHERE ${erasedLineCondition()}`,
    );
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_quarantine_numbered AS
     SELECT row_number() OVER (ORDER BY rowid) AS entry, * FROM ${QUARANTINE_ROWS}`,
  );
  await warehouse.run(
    `INSERT INTO meta.quarantine
     SELECT $1, entry, $2, line, column_name, reason, detail FROM slm_quarantine_numbered ORDER BY entry`,
    [fileId, fileName],
  );
  await warehouse.run(
    `INSERT INTO raw.quarantined_lines
     SELECT $1, entry, value, raw_line FROM slm_quarantine_numbered
      WHERE value IS NOT NULL OR raw_line IS NOT NULL ORDER BY entry`,
    [fileId],
  );
  await warehouse.run("DROP TABLE slm_quarantine_numbered");
}

/**
 * meta.quarantine with its clear text joined back: for the loader's own checks and an analyst who asked
 * for values explicitly. Columns: file_id, entry, file_name, line, column_name, value, reason, detail,
 * raw_line.
 */
export const QUARANTINE_WITH_LINES = `(SELECT q.file_id, q.entry, q.file_name, q.line, q.column_name, l.value,
         q.reason, q.detail, l.raw_line
    FROM meta.quarantine AS q
    LEFT JOIN raw.quarantined_lines AS l ON l._file_id = q.file_id AND l._entry = q.entry)`;
