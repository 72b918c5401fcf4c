import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../warehouse/connection.ts";
import { quoteIdent } from "../warehouse/sql.ts";
import { LoadError } from "./errors.ts";
import type { Params } from "./params.ts";
import type { Profile } from "./profile.ts";
import type { Scan } from "./scan.ts";
import { positionOf } from "./scan.ts";
import type { SourceColumn } from "./typed-select.ts";

export interface UnpivotPlan {
  nameField: string;
  valueField: string;
  /** Positions of the wide columns, in file order, and their headers. */
  positions: string[];
  wideColumns: string[];
  nameSource: SourceColumn;
  valueSource: SourceColumn;
}

/**
 * Wide exports (DUO: one column per year) become one row per record and wide column. The unpivot
 * runs in DuckDB; a record is still one line read, loaded or quarantined as a whole, and yields
 * `positions.length` raw rows.
 */
export function unpivotPlan(
  fileName: string,
  scan: Scan,
  spec: NonNullable<Profile["unpivot"]>,
): UnpivotPlan {
  const pattern = new RegExp(spec.columns);
  const indexes = scan.header.flatMap((name, index) => (pattern.test(name) ? [index] : []));
  if (indexes.length === 0) {
    throw new LoadError(
      fileName,
      // Counted, not shown: a message never prints the file's own header line.
      `unpivot.columns /${spec.columns}/ matches none of the ${scan.header.length} header columns; fix unpivot.columns in the profile${scan.mismatchHint ? `; ${scan.mismatchHint}` : ""}`,
      scan.headerLine,
    );
  }
  const label = quoteIdent("_name");
  return {
    nameField: spec.nameField,
    valueField: spec.valueField,
    positions: indexes.map(positionOf),
    wideColumns: indexes.map((index) => scan.header[index]!),
    nameSource: { position: "_name", header: spec.columns, label },
    valueSource: { position: "_value", header: spec.columns, label },
  };
}

/**
 * The relation after the unpivot: `_name` holds the wide column's header, `_value` its cell, and
 * `_sub` its position, so raw rows keep file order. INCLUDE NULLS: an empty cell must reach the
 * checks, not vanish.
 */
export function unpivotRelation(
  plan: UnpivotPlan | null,
  input: string,
  header: string[],
  params: Params,
): string {
  if (!plan) return `SELECT *, 0 AS _sub FROM ${input}`;
  const headers = params.add(listValue(header));
  return `SELECT * EXCLUDE (_pos),
            list_extract(${headers}::VARCHAR[], CAST(substr(_pos, 2) AS INTEGER)) AS _name,
            CAST(substr(_pos, 2) AS INTEGER) AS _sub
       FROM ${input} UNPIVOT INCLUDE NULLS (_value FOR _pos IN (${plan.positions.map(quoteIdent).join(", ")}))`;
}

export interface UnpivotRecord {
  fileId: number;
  linesLoaded: number;
  rawRows: number;
  wideColumns: string[];
}

/**
 * The manifest counts lines (read = loaded + quarantined); this keeps, beside it and in the same
 * transaction, how many raw rows those lines became and from which wide columns.
 */
export async function recordUnpivot(warehouse: Warehouse, record: UnpivotRecord): Promise<void> {
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS meta.load_unpivot (
       file_id BIGINT NOT NULL, lines_loaded BIGINT NOT NULL, raw_rows BIGINT NOT NULL, wide_columns VARCHAR[] NOT NULL)`,
  );
  await warehouse.run("INSERT INTO meta.load_unpivot VALUES ($1, $2, $3, $4)", [
    record.fileId,
    record.linesLoaded,
    record.rawRows,
    listValue(record.wideColumns),
  ]);
}
