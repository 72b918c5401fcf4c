import { statSync } from "node:fs";
import ExcelJS from "exceljs";
import type { RowSink } from "./csv.ts";
import { stampZipEntries } from "./zip-timestamps.ts";

export type XlsxColumnType = "text" | "date" | "number";

/** Sheet XML allowed to wait for the zip before the generator pauses. */
const DRAIN_BYTES = 1 << 20;

/** Excel's hard limit is 1,048,576 rows per sheet, header included. */
export const XLSX_MAX_ROWS = 1_048_576;

/**
 * Streams rows into a one-sheet workbook with exceljs's WorkbookWriter (rows are committed and leave
 * memory as they are written). Cells arrive as text and are typed per column: a date column gets a
 * real Excel date unless the text is not a real date (planted dirt), which stays text, as it would in
 * a hand-kept spreadsheet. Creation and modification dates are fixed and the zip entries re-stamped
 * on close, so the same rows give the same bytes.
 */
export class XlsxWriter implements RowSink {
  readonly path: string;
  lines = 0;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    path: string,
    sheetName: string,
    private readonly types: readonly XlsxColumnType[],
    private readonly fixed: Date,
  ) {
    this.path = path;
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.creator = "Demo University alumni database";
    this.workbook.lastModifiedBy = "export";
    this.workbook.created = fixed;
    this.workbook.modified = fixed;
    this.sheet = this.workbook.addWorksheet(sheetName);
    this.sheet.columns = types.map((t) => ({
      width: t === "text" ? 20 : 12,
      ...(t === "date" ? { style: { numFmt: "yyyy-mm-dd" } } : {}),
    }));
  }

  rawLine(): number {
    throw new Error(`${this.path}: a spreadsheet has no raw lines`);
  }

  /** Writes a row (the first is the header); returns its sheet row number. Rows past Excel's limit are refused. */
  row(cells: readonly string[]): number {
    if (this.lines >= XLSX_MAX_ROWS)
      throw new RangeError(`${this.path}: Excel holds at most ${XLSX_MAX_ROWS} rows`);
    const header = this.lines === 0;
    this.sheet.addRow(cells.map((c, i) => (header ? c : typed(c, this.types[i] ?? "text")))).commit();
    return ++this.lines;
  }

  /**
   * exceljs hands each committed row to archiver through a PassThrough without heeding backpressure,
   * and the zip deflates in the background; when rows come faster than that, they pile up in the
   * PassThrough. Waiting here until it has room keeps memory flat.
   */
  async drain(): Promise<void> {
    // archiver wraps the sheet in readable-stream's PassThrough, which predates writableLength.
    type Pending = { _writableState?: { length: number }; _readableState?: { length: number } };
    const pending = (this.sheet as unknown as { stream?: { pipes?: Pending[] } }).stream?.pipes?.[0];
    if (!pending) return;
    const backlog = () => (pending._writableState?.length ?? 0) + (pending._readableState?.length ?? 0);
    while (backlog() > DRAIN_BYTES) await new Promise((r) => setImmediate(r));
  }

  async close(): Promise<number> {
    this.sheet.commit();
    await this.workbook.commit();
    const f = this.fixed;
    stampZipEntries(this.path, {
      y: f.getUTCFullYear(),
      m: f.getUTCMonth() + 1,
      d: f.getUTCDate(),
      h: f.getUTCHours(),
    });
    return statSync(this.path).size;
  }
}

function typed(text: string, type: XlsxColumnType): string | number | Date | null {
  if (text === "") return null;
  if (type === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === "date") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return text;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : text;
  }
  return text;
}
