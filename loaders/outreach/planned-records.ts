/**
 * A planned mailing's records, read by DuckDB through the loaders' CSV reader (csv/read-records.ts):
 * transcoded to UTF-8, a BOM or Excel's `sep=` line handled, every line's width checked, refused lines
 * kept, each record on the physical line it starts on. Here: where the header is, its delimiter, and the
 * reader's failures as the planned mailing's.
 */
import { readFileSync } from "node:fs";
import { textLines } from "../csv/header.ts";
import { type CsvRecord, type CsvRecords, readCsvRecords } from "../csv/read-records.ts";
import { decodeToString, detectEncoding } from "../encoding/detect.ts";
import { LoadError } from "../errors.ts";

export class PlannedMailingError extends Error {
  override name = "PlannedMailingError";
}

export type PlannedRecord = CsvRecord;

export type PlannedRecords = Pick<CsvRecords, "header" | "headerLine" | "records">;

/** The file's lines, decoded as the loaders detect its encoding: where the header is. */
function fileLines(file: string): string[] {
  const bytes = readFileSync(file);
  return textLines(decodeToString(bytes, detectEncoding(bytes, { complete: true }), { fatal: false }));
}

/** Semicolon when the header line has more of them than commas (a Nordic Excel export), else comma. */
function delimiterOf(headerText: string): ";" | "," {
  return headerText.split(";").length > headerText.split(",").length ? ";" : ",";
}

/** The header's cells (trimmed) and every record below it, each with its starting line. */
export async function readPlannedRecords(file: string): Promise<PlannedRecords | null> {
  const lines = fileLines(file);
  const headerAt = lines.findIndex((text) => text.trim() !== "");
  if (headerAt < 0) return null;
  let read: CsvRecords;
  try {
    read = await readCsvRecords(file, { delimiter: delimiterOf(lines[headerAt]!), headerLine: headerAt + 1 });
  } catch (error) {
    if (error instanceof LoadError) throw new PlannedMailingError(error.message);
    throw error;
  }
  // A quote that never closes takes the rest of the file into its field.
  if (read.unclosedQuoteAt !== null)
    throw new PlannedMailingError(`${file}: line ${read.unclosedQuoteAt}: a quoted field is never closed`);
  return { header: read.header, headerLine: read.headerLine, records: read.records };
}
