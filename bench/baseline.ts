import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { toUtf8File } from "../loaders/csv/transcode.ts";
import type { Profile } from "../loaders/profile.ts";
import { STORAGE_VERSION } from "../warehouse/connection.ts";
import { quoteLiteral } from "../warehouse/sql.ts";

/**
 * What DuckDB alone does with the same CSV files: read_csv with the profile's delimiter and header
 * line into an in-memory table, types auto-detected, bad lines skipped (ignore_errors). The ingest
 * phase is reported as a ratio to this.
 *
 * Every file the ingest reads is read here too, so the row counts cover the same files:
 * - UTF-8 (with or without BOM) and UTF-16 files are read as they are;
 * - latin-1 files, and Windows-1252 files without a 0x80-0x9F byte, are read with
 *   `encoding = 'latin-1'`;
 * - a Windows-1252 file that uses 0x80-0x9F (€ ‘ ’ “ ” …), which DuckDB's latin-1 reader refuses, is
 *   read from a UTF-8 copy made with the loader's own transcoder and kept next to the inbox
 *   (`<inbox>/../baseline-utf8/`, remade when the source is newer). Only the first run after the demo
 *   is generated pays for that copy inside the baseline; afterwards the baseline is DuckDB's read of
 *   the copy alone, while the ingest still pays for transcoding the original (a cost DuckDB alone
 *   cannot have, since it cannot read the file at all).
 * `skipped` lists files DuckDB could not read even so; `transcoded` the files read from a copy.
 */
export async function bareReadCsv(
  files: { path: string; profile: Profile }[],
  /** ":memory:" (the baseline), or a database file: DuckDB's own cost of keeping the rows on disk. */
  database = ":memory:",
): Promise<{ rows: number; skipped: string[]; transcoded: string[] }> {
  // A database file in the warehouse's own format, so the reference stores the rows as the ingest does.
  const instance = await DuckDBInstance.create(database, {
    threads: "2",
    storage_compatibility_version: STORAGE_VERSION,
  });
  const connection = await instance.connect();
  let rows = 0;
  const skipped: string[] = [];
  const transcoded: string[] = [];
  const read = async (index: number, path: string, profile: Profile, encoding: string) => {
    const csv = profile.csv;
    await connection.run(
      `CREATE OR REPLACE TABLE t${index} AS SELECT * FROM read_csv(${quoteLiteral(path)}, delim = ${quoteLiteral(csv.delimiter)},
         header = true, skip = ${csv.headerLine - 1}, encoding = ${quoteLiteral(encoding)}, ignore_errors = true)`,
    );
    const reader = await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM t${index}`);
    rows += Number(reader.getRowObjects()[0]!.n);
  };
  try {
    for (const [index, { path, profile }] of files.entries()) {
      let source = readableCsv(path, profile);
      try {
        await read(index, source.path, profile, source.encoding);
      } catch (error) {
        const copy = source.transcoded ? null : await transcodedCsv(path, profile);
        if (!copy) {
          skipped.push(`${path}: ${(error as Error).message.split("\n")[0]}`);
          continue;
        }
        source = copy;
        try {
          await read(index, source.path, profile, source.encoding);
        } catch (again) {
          skipped.push(`${path}: ${(again as Error).message.split("\n")[0]}`);
          continue;
        }
      }
      if (source.transcoded) transcoded.push(basename(path));
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { rows, skipped, transcoded };
}

/** A file and the encoding to hand DuckDB's read_csv for it. */
export interface CsvSource {
  path: string;
  encoding: string;
  transcoded: boolean;
}

/**
 * How DuckDB's read_csv can take an extract: as it is, or a single-byte file as latin-1 (or from its UTF-8
 * copy made by an earlier run). DuckDB refuses a Windows-1252 file that uses 0x80-0x9F as latin-1: then
 * `transcodedCsv` makes the copy.
 */
export function readableCsv(path: string, profile: Profile): CsvSource {
  const csv = profile.csv;
  if (!isSingleByte(profile))
    return { path, encoding: csv.encoding === "utf-16" ? "utf-16" : "utf-8", transcoded: false };
  const cached = freshCopy(path);
  return cached
    ? { path: cached, encoding: "utf-8", transcoded: true }
    : { path, encoding: "latin-1", transcoded: false };
}

/** The UTF-8 copy of a single-byte extract (null for a file that is not single-byte). */
export async function transcodedCsv(path: string, profile: Profile): Promise<CsvSource | null> {
  if (!isSingleByte(profile)) return null;
  return { path: await utf8Copy(path, profile.csv.encoding), encoding: "utf-8", transcoded: true };
}

function isSingleByte(profile: Profile): boolean {
  return profile.csv.encoding === "windows-1252" || profile.csv.encoding === "latin-1";
}

function copyPath(path: string): string {
  return join(dirname(path), "..", "baseline-utf8", basename(path));
}

/** The UTF-8 copy of a file made by an earlier run, if it is newer than the file. */
function freshCopy(path: string): string | null {
  const copy = copyPath(path);
  return existsSync(copy) && statSync(copy).mtimeMs >= statSync(path).mtimeMs ? copy : null;
}

/** A UTF-8 copy of a single-byte file, made once and reused while the source is unchanged. */
async function utf8Copy(path: string, encoding: string): Promise<string> {
  const copy = copyPath(path);
  mkdirSync(dirname(copy), { recursive: true });
  const utf8 = await toUtf8File(path, encoding === "latin-1" ? "latin-1" : "windows-1252", basename(path));
  try {
    copyFileSync(utf8.path, copy);
  } finally {
    utf8.cleanup();
  }
  return copy;
}
