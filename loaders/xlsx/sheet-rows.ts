import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { CellValue } from "exceljs";
import parseSax from "exceljs/lib/utils/parse-sax.js";
import { cellColumn, type MergeRange } from "./cell-ref.ts";
import { unescapeText } from "./shared-strings.ts";
import type { SheetPart } from "./workbook.ts";

export interface SheetCell {
  value: CellValue;
  /** The number format of the cell's style, if it has one. */
  numFmt: string | undefined;
}

export interface SheetRow {
  /** The row's number in the sheet (1-based). */
  number: number;
  /** By column (index 0 is column A); a column with no cell is a hole. */
  cells: (SheetCell | undefined)[];
}

/** exceljs's test for a date format (utils.isDateFmt): y, m, d, h, s or b outside quotes and brackets. */
export function isDateFmt(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** exceljs's serial day to Date (utils.excelToDate); `serial` is coerced as its `v - 25569` does. */
export function excelToDate(serial: unknown, date1904: boolean): Date {
  return new Date(Math.round((Number(serial) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** exceljs's utils.xmlDecode, which it applies again to formula-string cells already decoded by the parser. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (entity) => XML_ENTITIES[entity] ?? entity);
}
const XML_ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&apos;": "'",
  "&quot;": '"',
};

type RawValue = string | { richText: { text: string }[] };

/**
 * The sheet's rows in order, read from its XML as exceljs's whole-workbook reader reads them
 * (lib/xlsx/xform/sheet/cell-xform.js): a formula as its saved result, typed by the cell's `t` and
 * made a date by a date format; numbers with a date format as dates; shared, inline and rich text.
 * A merged range's value is its top-left cell's, carried down its left column; its other columns
 * are empty. Rows that only a merged range reaches are there too. Rows come as the XML has them, including rows with no cells; a sheet's rows must
 * be in ascending order, as Excel writes them.
 */
export async function* readRows(part: SheetPart): AsyncGenerator<SheetRow> {
  const rows = parseRows(part);
  yield* part.merges.length > 0 ? fillMerges(rows, part.merges) : rows;
}

async function* utf8Text(path: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    yield decoder.write(chunk as Buffer);
  }
  yield decoder.end();
}

/** What is known of the cell being read, from its <c> to its </c>. */
interface CellState {
  ref: string | undefined;
  type: string | undefined;
  styleId: number;
  value: RawValue | undefined;
  formula: string | undefined;
  shareType: string | undefined;
  /** The child element whose text is being read. */
  node: "f" | "v" | "t" | undefined;
  hasV: boolean;
  inRun: boolean;
  runText: string[] | undefined;
}

function openCell(attributes: Record<string, string>): CellState {
  return {
    ref: attributes.r,
    type: attributes.t,
    styleId: attributes.s ? Number.parseInt(attributes.s, 10) || 0 : 0,
    value: undefined,
    formula: undefined,
    shareType: undefined,
    node: undefined,
    hasV: false,
    inRun: false,
    runText: undefined,
  };
}

function cellText(cell: CellState, text: string): void {
  if (cell.inRun) cell.runText?.push(text);
  else if (cell.node === "f") cell.formula = (cell.formula ?? "") + text;
  else if (cell.node === "v" || cell.node === "t") {
    // Text after rich text runs is dropped, as exceljs drops it.
    if (typeof cell.value !== "object") cell.value = (cell.value ?? "") + text;
  }
}

/** An element opening inside a cell: its formula, value, text or a rich text run. */
function openInCell(cell: CellState, name: string, attributes: Record<string, string>): void {
  switch (name) {
    case "f":
      if (cell.inRun) break;
      cell.node = "f";
      cell.shareType = attributes.t;
      break;
    case "v":
      if (!cell.inRun) {
        cell.node = "v";
        cell.hasV = true;
      }
      break;
    case "t":
      if (cell.inRun) cell.runText = [];
      else cell.node = "t";
      break;
    case "r":
      cell.inRun = true;
      cell.runText = undefined;
      break;
  }
}

function closeInCell(cell: CellState, name: string): void {
  switch (name) {
    case "f":
    case "v":
    case "is":
    case "t":
      if (!cell.inRun) cell.node = undefined;
      break;
    case "r":
      if (cell.inRun) {
        cell.inRun = false;
        const text = cell.runText ? unescapeText(cell.runText.join("")) : "";
        cell.runText = undefined;
        // A run after plain text is dropped, as exceljs drops it.
        if (!cell.value) cell.value = { richText: [] };
        if (typeof cell.value === "object") cell.value.richText.push({ text });
      }
      break;
  }
}

/** A formula's saved result (its <v>), typed by the cell's `t` and made a date by a date format. */
function formulaCell(part: SheetPart, cell: CellState, numFmt: string | undefined): SheetCell {
  const { type, value } = cell;
  // Unlike exceljs's workbook reader (which keeps a result only if it is truthy), a result of 0, false
  // or "" is kept, not read as missing.
  let result: CellValue | undefined;
  if (type === "str") {
    if (cell.hasV) result = xmlDecode(String(value ?? ""));
  } else if (value) {
    if (type === "b") result = Number.parseInt(String(value), 10) !== 0;
    else if (type === "e") result = { error: String(value) } as CellValue;
    else result = Number.parseFloat(String(value));
  }
  if (result !== undefined && isDateFmt(numFmt)) result = excelToDate(result, part.date1904);
  return { value: { formula: cell.formula ?? "", result } as CellValue, numFmt };
}

/** The value of a cell whose </c> was read. */
function cellValue(part: SheetPart, cell: CellState): SheetCell {
  const numFmt = cell.styleId ? part.numFmt(cell.styleId) : undefined;
  if (cell.formula || cell.shareType) return formulaCell(part, cell, numFmt);
  const { type, value } = cell;
  if (value === undefined) return { value: null, numFmt };
  switch (type) {
    case "s": {
      const index = Number.parseInt(String(value), 10);
      const shared = part.sharedStrings[index];
      if (shared === undefined)
        throw new Error(`cell ${cell.ref} refers to shared string ${index}, which is not there`);
      return { value: shared as CellValue, numFmt };
    }
    case "str":
      return { value: xmlDecode(String(value)), numFmt };
    case "inlineStr":
      return { value: value as CellValue, numFmt };
    case "b":
      return { value: Number.parseInt(String(value), 10) !== 0, numFmt };
    case "e":
      return { value: { error: String(value) } as CellValue, numFmt };
    default: {
      const number = Number.parseFloat(String(value));
      return { value: isDateFmt(numFmt) ? excelToDate(number, part.date1904) : number, numFmt };
    }
  }
}

/** The rows of <sheetData>, each with its cells, as the SAX events of the sheet's XML arrive. */
async function* parseRows(part: SheetPart): AsyncGenerator<SheetRow> {
  let inData = false;
  let row: SheetRow | undefined;
  let lastNumber = 0;
  let column = 0;
  let cell: CellState | undefined;

  const openRow = (attributes: Record<string, string>): SheetRow => {
    const number = attributes.r ? Number.parseInt(attributes.r, 10) : lastNumber + 1;
    if (!(number > lastNumber)) {
      throw new Error(`row ${attributes.r} comes after row ${lastNumber}; rows must be in order`);
    }
    column = 0;
    return { number, cells: [] };
  };
  const cellColumnOf = (current: SheetRow, ref: string | undefined): number => {
    const at = ref === undefined ? column + 1 : (cellColumn(ref) ?? Number.NaN);
    if (!(at >= 1)) throw new Error(`row ${current.number} has a cell with reference "${ref}"`);
    return at;
  };

  for await (const events of parseSax(utf8Text(part.xmlPath))) {
    const done: SheetRow[] = [];
    for (const event of events) {
      if (event.eventType === "text") {
        if (cell) cellText(cell, event.value);
        continue;
      }
      const { name, attributes } = event.value;
      if (event.eventType === "opentag") {
        if (name === "sheetData") inData = true;
        else if (name === "row" && inData) row = openRow(attributes);
        else if (name === "c" && row) {
          cell = openCell(attributes);
          column = cellColumnOf(row, cell.ref);
        } else if (cell) openInCell(cell, name, attributes);
        continue;
      }
      if (name === "c") {
        if (cell && row) row.cells[column - 1] = cellValue(part, cell);
        cell = undefined;
      } else if (name === "row") {
        if (row) {
          done.push(row);
          lastNumber = row.number;
          row = undefined;
        }
      } else if (name === "sheetData") inData = false;
      else if (cell) closeInCell(cell, name);
    }
    yield* done;
  }
}

interface OpenMerge {
  range: MergeRange;
  master: SheetCell | undefined;
}

/**
 * Gives each merged range's top-left value to the cells below it in its left column, and empties
 * its other columns (each cell keeps its own number format); rows of a range that the XML does not
 * have are made. exceljs's workbook reader shows the value in every cell of the range, which put a
 * value merged across two columns into two fields (a course code into the term). A vertical merge
 * is a group label over the rows it spans (a programme, a term), so it stays filled down: every row
 * of the range is that group's.
 */
async function* fillMerges(rows: AsyncIterable<SheetRow>, merges: MergeRange[]): AsyncGenerator<SheetRow> {
  const pending = [...merges].sort((a, b) => a.top - b.top);
  let next = 0;
  let open: OpenMerge[] = [];
  /** Opens the ranges that start by row `n` and closes those that ended before it. */
  const reach = (n: number) => {
    while (next < pending.length && pending[next]!.top <= n)
      open.push({ range: pending[next++]!, master: undefined });
    open = open.filter((merge) => merge.range.bottom >= n);
  };
  const fill = (row: SheetRow): SheetRow => {
    for (const merge of open) {
      const { top, left, bottom, right } = merge.range;
      if (row.number < top || row.number > bottom) continue;
      if (row.number === top) merge.master = row.cells[left - 1];
      else row.cells[left - 1] = { value: merge.master?.value ?? null, numFmt: row.cells[left - 1]?.numFmt };
      // Cells the merge hides: what Excel shows there is nothing, whatever the XML still holds.
      for (let column = left + 1; column <= right; column++) {
        row.cells[column - 1] = { value: null, numFmt: row.cells[column - 1]?.numFmt };
      }
    }
    return row;
  };
  /** The rows before `end` (exclusive) that only merged ranges reach. */
  function* between(from: number, end: number): Generator<SheetRow> {
    let n = from;
    while (n < end) {
      reach(n);
      if (open.some((merge) => merge.range.top <= n)) {
        yield fill({ number: n, cells: [] });
        n++;
      } else {
        // Nothing open reaches row n: skip to where the next range starts.
        n = next < pending.length ? Math.max(n + 1, pending[next]!.top) : end;
      }
    }
  }
  let last = 0;
  for await (const row of rows) {
    yield* between(last + 1, row.number);
    reach(row.number);
    yield fill(row);
    last = row.number;
  }
  const end = Math.max(last, ...merges.map((merge) => merge.bottom)) + 1;
  yield* between(last + 1, end);
}
