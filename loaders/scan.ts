import type { RecordStarts } from "./csv/record-starts.ts";
import type { Params } from "./params.ts";

/**
 * One file opened for loading, whatever its format: its header and a SQL relation that yields its
 * records as all-VARCHAR positional columns c1..cN, so every format shares the typed/quarantine path.
 */
export interface Scan {
  /** Header cells, trimmed; index i is column c{i+1}. */
  header: string[];
  /** FROM-clause relation of the records; values it needs are bound through `params`. */
  relation(params: Params): string;
  /** Whether the relation is a read_csv that keeps refused lines in temp.slm_rejects. */
  rejects: boolean;
  /** Lines above the first record, so a record's number maps back to a line of the file. */
  headerLine: number;
  /** A column holding each record's own line (sheet row) number, when the format knows it exactly. */
  lineColumn: string | null;
  /**
   * Where the records start in a text file, read once when first asked (csv/record-starts.ts): what
   * maps DuckDB's numbering of records and refused lines to the file's own lines.
   */
  recordStarts?: () => RecordStarts;
  /**
   * Whether, by a look at the file's bytes far cheaper than recordStarts, DuckDB's numbering is
   * already the file's (csv/record-starts.ts numbersArePhysicalInFile): then recordStarts is not read.
   */
  numbersArePhysical?: () => boolean;
  /** Whether decimals in the relation use a comma. */
  decimalComma: boolean;
  /** The file's delimiter and quote: they join a record's cells when the quarantine shows it. */
  delimiter: string;
  quote: string;
  warnings: string[];
  /** Added to a header mismatch: where else the data may be (a workbook's other sheets). */
  mismatchHint?: string | undefined;
  /**
   * Whether the relation carries `_fields` (a line's field count when it differs from the header's)
   * and `_overflow`, so the loader quarantines lines of the wrong width itself (read-csv.ts).
   */
  widthChecked?: boolean;
  /**
   * Whether every cell is decoded from the file's own bytes (a text file, transcoded or not), so that a
   * file without a 0x00 byte has no cell holding a NUL. Not so for a workbook or Parquet file.
   */
  cellsFromFileBytes?: boolean;
  /** Switches the relation to DuckDB's sequential CSV reader (see read-csv.ts: quoted line breaks). */
  readSequentially?: () => void;
  /**
   * Switches the relation to the 64 MB line limit, where it starts with DuckDB's faster default (see
   * read-csv.ts: lineSize); absent where the relation already has the long limit.
   */
  readLongLines?: () => void;
  /**
   * Switches the relation to a copy of the file with LF line endings, when its lines end in more than
   * one way (see read-csv.ts: INVALID_STATE_REFUSED); false, and no switch, when they do not.
   */
  readLfLineEndings?: () => Promise<boolean>;
  cleanup(): void;
}

export function positionOf(index: number): string {
  return `c${index + 1}`;
}
