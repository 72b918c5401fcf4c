import { DuckDBInstance } from "@duckdb/node-api";
import type { Profile } from "../loaders/profile.ts";
import { quoteLiteral } from "../warehouse/sql.ts";

/**
 * What DuckDB alone does with the same CSV files: read_csv with the profile's delimiter and header
 * line into an in-memory table, types auto-detected. The ingest phase is reported as a ratio to this.
 * Windows-1252 files are read as latin-1 (their bytes fit it when no 0x80-0x9F byte occurs; a file
 * that does not is reported and skipped, since DuckDB alone cannot read it at all).
 */
export async function bareReadCsv(
  files: { path: string; profile: Profile }[],
): Promise<{ rows: number; skipped: string[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  let rows = 0;
  const skipped: string[] = [];
  try {
    for (const [index, { path, profile }] of files.entries()) {
      const csv = profile.csv;
      const encoding =
        csv.encoding === "windows-1252" || csv.encoding === "latin-1"
          ? "latin-1"
          : csv.encoding === "utf-16"
            ? "utf-16"
            : "utf-8";
      try {
        await connection.run(
          `CREATE TABLE t${index} AS SELECT * FROM read_csv(${quoteLiteral(path)}, delim = ${quoteLiteral(csv.delimiter)},
             header = true, skip = ${csv.headerLine - 1}, encoding = ${quoteLiteral(encoding)}, ignore_errors = true)`,
        );
        const reader = await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM t${index}`);
        rows += Number(reader.getRowObjects()[0]!.n);
      } catch (error) {
        skipped.push(`${path}: ${(error as Error).message.split("\n")[0]}`);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { rows, skipped };
}
