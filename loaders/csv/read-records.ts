/**
 * A small CSV file's records, read by DuckDB through the loaders' CSV scan (csv-scan.ts), for readers
 * that want the cells rather than a raw table: the planned mailing, a profile's lookup files, the safety
 * probe. The file is transcoded to UTF-8, a BOM or Excel's `sep=` line handled, every line's width
 * checked and refused lines kept. Each record keeps the physical line it starts on, which DuckDB does not
 * give: its numbering counts a record as one line however many lines its quoted cells span
 * (record-starts.ts maps it, as for ingest).
 */
import { Warehouse } from "../../warehouse/connection.ts";
import { LoadError } from "../errors.ts";
import { asLoadError } from "../file-failure.ts";
import { Params } from "../params.ts";
import { positionOf, type Scan } from "../scan.ts";
import { type CsvScan, openCsvScan } from "./csv-scan.ts";
import { physicalLine, type RecordStarts } from "./record-starts.ts";

export interface CsvRecord {
  /** The physical line the record starts on (the header's line counts). */
  line: number;
  /** How many fields the record has; `cells` hold them only when that is the header's width. */
  fields: number;
  cells: string[];
  /** Why the reader refused the record, when it did for another reason than its width. */
  refused?: string;
}

export interface CsvRecords {
  /** The header's cells, trimmed. */
  header: string[];
  /** The header's line, counting a `sep=` line above it. */
  headerLine: number;
  records: CsvRecord[];
  /** The line of the last record when a quote never closes (it takes the rest of the file), else null. */
  unclosedQuoteAt: number | null;
}

export interface CsvRecordsOptions {
  delimiter: string;
  /** 1-based line of the header, not counting a `sep=` line. */
  headerLine: number;
  quote?: string;
  encoding?: "auto" | "utf-8" | "utf-16" | "latin-1" | "windows-1252";
}

/** What DuckDB read: the records it yielded, in file order, and those it refused, by its numbering. */
interface Read {
  rows: Cells[];
  refusals: Refusal[];
}
type Cells = Record<string, string | number | null> & { _fields: number | null };
interface Refusal {
  record: number;
  type: string;
  message: string;
  /** The record's fields, when refused for having too many. */
  found: number | null;
  text: string;
}

const UNTERMINATED_QUOTE = /unterminated quote/i;

async function readOnce(warehouse: Warehouse, scan: Scan): Promise<Read> {
  // A read the parallel reader gave up on may have left its table of refused lines behind.
  await warehouse.run("DROP TABLE IF EXISTS temp.slm_rejects");
  await warehouse.run("DROP TABLE IF EXISTS temp.slm_rejects_scan");
  const params = new Params();
  const rows = await warehouse.all<Cells>(`SELECT * FROM ${scan.relation(params)}`, params.values);
  // One refusal per extra column of a long record: the last has all of its fields.
  const refusals = await warehouse.all<Refusal>(
    `SELECT line::INTEGER AS record, arg_max(error_type, found) AS type, arg_max(error_message, found) AS message,
            nullif(max(found), 0) AS found, arg_max(csv_line, found) AS text
       FROM (SELECT *, coalesce(TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS INTEGER), 0) AS found
               FROM temp.slm_rejects)
      GROUP BY line ORDER BY line`,
  );
  return { rows, refusals };
}

/**
 * Reads the scan in a throw-away in-memory DuckDB. DuckDB's parallel reader gives up on a file whose
 * quoted cells span lines (with the width check); the sequential one reads it, as ingest does.
 */
async function readScan(scan: Scan, file: string): Promise<Read> {
  const warehouse = await Warehouse.open(":memory:", { migrate: false });
  try {
    await scan.readLfLineEndings?.();
    try {
      return await readOnce(warehouse, scan);
    } catch (error) {
      if (!(asLoadError(error, file) instanceof LoadError)) throw error;
      scan.readSequentially?.();
      return await readOnce(warehouse, scan);
    }
  } catch (error) {
    throw asLoadError(error, file);
  } finally {
    warehouse.close();
  }
}

function rowRecord(row: Cells, width: number, line: number): CsvRecord {
  const cells = Array.from({ length: width }, (_, i) => String(row[positionOf(i)] ?? ""));
  return { line, fields: row._fields ?? width, cells };
}

function refusedRecord(refusal: Refusal, width: number, line: number): CsvRecord {
  if (refusal.type === "TOO MANY COLUMNS" && refusal.found !== null)
    return { line, fields: refusal.found, cells: [] };
  const refused = UNTERMINATED_QUOTE.test(refusal.message)
    ? 'a quote inside a field that is not quoted whole (quote the whole field, and write "" for a quote in it)'
    : `the CSV reader refused it: ${refusal.message}`;
  return { line, fields: width, cells: [], refused };
}

/**
 * DuckDB's records, placed on their lines. DuckDB numbers every line below the header, a record as one
 * however many lines its quoted cells span; it yields a record for each line but the empty ones and
 * those it refused. The record starts say which lines are empty and where each starts in the file.
 */
function placeRecords(starts: RecordStarts, headerLine: number, width: number, read: Read): CsvRecord[] {
  const refused = new Map(read.refusals.map((refusal) => [refusal.record, refusal]));
  const empty = new Set(starts.empty);
  const records: CsvRecord[] = [];
  let next = 0;
  for (let line = headerLine + 1; line <= starts.last; line++) {
    if (empty.has(line)) continue;
    const refusal = refused.get(line);
    const row = refusal ? undefined : read.rows[next++];
    if (refusal) records.push(refusedRecord(refusal, width, physicalLine(starts, line)));
    else if (row) records.push(rowRecord(row, width, physicalLine(starts, line)));
  }
  return records;
}

/**
 * The header's cells (trimmed) and every record below it, each with its starting line. A file that
 * cannot be read (not text, no header, a reader failure) throws a LoadError naming `fileName`.
 */
export async function readCsvRecords(
  file: string,
  options: CsvRecordsOptions,
  fileName = file,
): Promise<CsvRecords> {
  const scan: CsvScan = await openCsvScan(file, fileName, {
    csv: {
      delimiter: options.delimiter,
      quote: options.quote ?? '"',
      encoding: options.encoding ?? "auto",
      headerLine: options.headerLine,
      decimalComma: false,
    },
  });
  try {
    const read = await readScan(scan, fileName);
    const starts = scan.recordStarts();
    const records = placeRecords(starts, scan.headerLine, scan.header.length, read);
    const unclosedQuoteAt = starts.openQuote ? (records.at(-1)?.line ?? scan.headerLine + 1) : null;
    return { header: scan.header, headerLine: scan.headerLine, records, unclosedQuoteAt };
  } finally {
    scan.cleanup();
  }
}
