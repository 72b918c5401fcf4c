import { quoteIdent, quoteLiteral } from "../../warehouse/sql.ts";
import type { Params } from "../params.ts";
import { positionOf, type Scan } from "../scan.ts";

export interface ReadCsvOptions {
  path: string;
  columns: number;
  /** Lines above the first record (metadata and the header). */
  skip: number;
  delimiter: string;
  quote: string;
  /**
   * Also yield `_fields`: the line's number of fields when it differs from `columns`, else NULL.
   * DuckDB's reader accepts a line with extra *empty* trailing fields as if they were not there
   * (an empty over-value counts as NULL), which hides a shifted column behind an empty last field;
   * with this, such lines and short lines come through as records whose width the loader checks.
   */
  checkWidth?: boolean;
  /** DuckDB's single-threaded reader, for files the parallel one refuses (QUOTED_LINE_BREAK_REFUSED). */
  sequential?: boolean;
  /** The file's encoding as DuckDB reads it (default UTF-8); latin-1 only without 0x80-0x9F bytes. */
  encoding?: "utf-8" | "latin-1";
  /**
   * The longest line the reader accepts: "long" (64 MB, the default) or DuckDB's own 2 MB. DuckDB
   * sizes its read buffers from this, and with 64 MB reads a file below some hundreds of MB on one
   * thread (1M Ladok results: 5.5 s against 4.2 s); a longer line is refused as
   * LINE SIZE OVER MAXIMUM (LONG_LINE_REFUSED), and the CSV loader then reads the file again with "long".
   */
  lineSize?: "default" | "long";
}

/** DuckDB's own limit on a line's length, and the one a file with longer lines is read again with. */
const LINE_SIZE = { default: 2_097_152, long: 67_108_864 } as const;

/** The reader's error type (in temp.slm_rejects) for a line longer than max_line_size. */
export const LONG_LINE_REFUSED = "LINE SIZE OVER MAXIMUM";

/**
 * DuckDB's parallel reader refuses null padding (our width check) as soon as a quoted field holds a
 * line break, a multi-line address or note as CRM exports have them, and fails the whole file. Such a
 * file is read again with the sequential reader (found by the loader fuzz test). Parallel stays the
 * default: it is faster, and the bad-input catalogue's line numbers are pinned against it. A record
 * with too many fields before a quoted line break can make the parallel reader fail the file on that
 * record instead ("Parameter Not Allowed Error: CSV Error on Line: ... Expected Number of Columns"); the
 * sequential reader refuses that record alone, like any other (found by a line-number fuzz).
 */
export const QUOTED_LINE_BREAK_REFUSED =
  /parallel scanner does not support null_padding in conjunction with quoted new lines|Parameter Not Allowed Error: CSV Error on Line: \d+\n[\s\S]*\nExpected Number of Columns: \d+ Found: \d+/;

/**
 * DuckDB's strict reader refuses a file whose lines end in more than one way (a CRLF line in an LF
 * file, or the reverse) as a whole, with this error (it has other causes too). Such a file is read
 * again from a copy with LF line endings (csv-scan.ts).
 */
export const INVALID_STATE_REFUSED = /CSV Parser state machine reached an invalid state/;

/** Never a cell's text: with it as the NULL string, a present but empty cell reads '' and a missing one NULL. */
const NO_NULL_TEXT = "\u0001slm:no-null\u0001";

/**
 * A read_csv relation with the two second reads ingest asks for when the first is refused
 * (ingest.ts loadRereading): the sequential reader, and the long line limit. Shared by every scan
 * that reads through read_csv, so each gets both.
 */
export function rereadableCsv(options: Omit<ReadCsvOptions, "sequential" | "lineSize">): Pick<
  Scan,
  "relation" | "readSequentially" | "readLongLines"
> & {
  /** Reads another copy of the file from now on (one with LF line endings). */
  readFrom(path: string, encoding: "utf-8" | "latin-1"): void;
} {
  let sequential = false;
  let lineSize: "default" | "long" = "default";
  let file = { path: options.path, encoding: options.encoding };
  return {
    relation: (params) => readCsvRelation({ ...options, ...file, sequential, lineSize }, params),
    readFrom: (path, encoding) => {
      file = { path, encoding };
    },
    readSequentially: () => {
      sequential = true;
    },
    readLongLines: () => {
      lineSize = "long";
    },
  };
}

/**
 * read_csv with every column VARCHAR and named by position (the export's header text never becomes
 * an identifier), nothing auto-detected, and every refused line kept in temp.slm_rejects.
 */
export function readCsvRelation(options: ReadCsvOptions, params: Params): string {
  if (options.checkWidth) return widthCheckedRelation(options, params);
  return readCsv(options, options.columns, "", false, params);
}

function readCsv(
  options: ReadCsvOptions,
  width: number,
  nullText: string,
  nullPadding: boolean,
  params: Params,
): string {
  const columns = Array.from({ length: width }, (_, i) => `${quoteLiteral(positionOf(i))}: 'VARCHAR'`);
  return `read_csv(${params.add(options.path)}, header = false, skip = ${params.add(options.skip)},
                   delim = ${params.text(options.delimiter)}, quote = ${params.text(options.quote)},
                   escape = ${params.text(options.quote)}, columns = {${columns.join(", ")}},
                   auto_detect = false, strict_mode = true, null_padding = ${nullPadding},
                   nullstr = ${params.text(nullText)},
                   max_line_size = ${LINE_SIZE[options.lineSize ?? "long"]}, parallel = ${!options.sequential},
                   encoding = ${params.text(options.encoding ?? "utf-8")},
                   store_rejects = true, rejects_table = 'slm_rejects', rejects_scan = 'slm_rejects_scan',
                   rejects_limit = 0)`;
}

/**
 * One column more than the header, padded with NULL: a line of the right width has NULL there and
 * '' or text in every cell; a longer line has the extra column set, a shorter one NULL cells at the
 * end. Cells come out as without the check (empty = NULL); lines with more than one extra non-empty
 * field are still refused by the reader (too many columns).
 */
function widthCheckedRelation(options: ReadCsvOptions, params: Params): string {
  const n = options.columns;
  const cells = Array.from({ length: n }, (_, i) => quoteIdent(positionOf(i)));
  const extra = quoteIdent(positionOf(n));
  // A list, not a sum written out: 5,000 columns' "a + b + ..." nested past DuckDB's expression depth
  // limit (1,000) and the file failed with a parser error.
  const present = `length(list_filter([${cells.join(", ")}], x -> x IS NOT NULL))`;
  return `(SELECT ${cells.map((cell) => `NULLIF(${cell}, '') AS ${cell}`).join(", ")},
                 CASE WHEN ${extra} IS NOT NULL THEN ${n + 1} WHEN ${cells[n - 1]} IS NULL THEN ${present} END AS _fields,
                 NULLIF(${extra}, '') AS _overflow
            FROM ${readCsv(options, n + 1, NO_NULL_TEXT, true, params)})`;
}
