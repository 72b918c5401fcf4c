import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../warehouse/connection.ts";
import { physicalLine } from "./csv/record-starts.ts";
import { LoadError } from "./errors.ts";
import { QUARANTINE_ROWS } from "./quarantine-store.ts";
import type { Scan } from "./scan.ts";

/**
 * Lines the CSV reader refused, from temp.slm_rejects. An unterminated quote that swallowed the
 * lines after it makes record boundaries unknowable, so that file fails whole rather than have
 * many records hidden inside one quarantined "line". The line it names is the file's own (DuckDB's
 * does not count the lines quoted cells above it span).
 */
export async function refusedLines(
  warehouse: Warehouse,
  fileName: string,
  scan: Pick<Scan, "recordStarts">,
): Promise<number> {
  const runaway = await warehouse.one<{ line: number; lines: number }>(
    `SELECT line, len(string_split(trim(csv_line, E'\\r\\n'), E'\\n'))::INTEGER AS lines
       FROM temp.slm_rejects
      WHERE error_type = 'UNQUOTED VALUE' AND contains(trim(csv_line, E'\\r\\n'), E'\\n')
      ORDER BY line LIMIT 1`,
  );
  if (runaway) {
    throw new LoadError(
      fileName,
      `unterminated quote: the field opened here runs over the next ${runaway.lines - 1} line(s); close the quote`,
      scan.recordStarts ? physicalLine(scan.recordStarts(), runaway.line) : runaway.line,
    );
  }
  return Number(await warehouse.scalar("SELECT count(DISTINCT line) FROM temp.slm_rejects"));
}

/**
 * One quarantine row per refused line (into the load's quarantine rows). A line holding nothing but quotes, delimiters and blanks
 * (DUO's stray `""` lines) is `blank_line`; the rest are `malformed_line:<reader's error>`.
 */
export async function insertRefused(warehouse: Warehouse, scan: Scan, headers: string[]): Promise<void> {
  if (!scan.rejects) return;
  await warehouse.run(
    `INSERT INTO ${QUARANTINE_ROWS}
     WITH refused AS (
       SELECT line,
              first(column_name ORDER BY column_idx) AS position,
              first(error_type ORDER BY column_idx) AS error_type,
              first(error_message ORDER BY column_idx) AS error_message,
              trim(first(csv_line ORDER BY column_idx), E'\\r\\n') AS csv_line
         FROM temp.slm_rejects GROUP BY line
     )
     SELECT line,
            CASE WHEN NOT blank THEN list_extract($1, TRY_CAST(substr(position, 2) AS INTEGER)) END,
            NULL,
            CASE WHEN blank THEN 'blank_line' ELSE 'malformed_line:' || lower(replace(error_type, ' ', '_')) END,
            CASE WHEN blank THEN 'a line holding no values' ELSE error_message END,
            left(csv_line, 2000)
       FROM (SELECT *, regexp_replace(replace(replace(csv_line, $2, ''), $3, ''), '\\s', '', 'g') = '' AS blank
               FROM refused)
      ORDER BY line`,
    [listValue(headers), scan.delimiter, scan.quote],
  );
}
