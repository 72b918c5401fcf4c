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

async function* parseRows(part: SheetPart): AsyncGenerator<SheetRow> {
  let inData = false;
  let row: SheetRow | undefined;
  let lastNumber = 0;
  let column = 0;
  // the cell being read
  let inCell = false;
  let ref: string | undefined;
  let type: string | undefined;
  let styleId = 0;
  let value: RawValue | undefined;
  let formula: string | undefined;
  let shareType: string | undefined;
  let node: "f" | "v" | "t" | undefined;
  let hasV = false;
  let inRun = false;
  let runText: string[] | undefined;

  const finishCell = (): SheetCell => {
    const numFmt = styleId ? part.numFmt(styleId) : undefined;
    const isDate = isDateFmt(numFmt);
    if (formula || shareType) {
      // The saved result is the <v>, if there is one. Unlike exceljs's workbook reader (which keeps a
      // result only if it is truthy), a result of 0, false or "" is kept, not read as missing.
      let result: CellValue | undefined;
      if (type === "str") {
        if (hasV) result = xmlDecode(String(value ?? ""));
      } else if (value) {
        if (type === "b") result = Number.parseInt(String(value), 10) !== 0;
        else if (type === "e") result = { error: String(value) } as CellValue;
        else result = Number.parseFloat(String(value));
      }
      if (result !== undefined && isDate) result = excelToDate(result, part.date1904);
      return { value: { formula: formula ?? "", result } as CellValue, numFmt };
    }
    if (value === undefined) return { value: null, numFmt };
    switch (type) {
      case "s": {
        const index = Number.parseInt(String(value), 10);
        const shared = part.sharedStrings[index];
        if (shared === undefined)
          throw new Error(`cell ${ref} refers to shared string ${index}, which is not there`);
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
        return { value: isDate ? excelToDate(number, part.date1904) : number, numFmt };
      }
    }
  };

  for await (const events of parseSax(utf8Text(part.xmlPath))) {
    const done: SheetRow[] = [];
    for (const event of events) {
      if (event.eventType === "text") {
        if (!inCell) continue;
        if (inRun) runText?.push(event.value);
        else if (node === "f") formula = (formula ?? "") + event.value;
        else if (node === "v" || node === "t") {
          // Text after rich text runs is dropped, as exceljs drops it.
          if (typeof value !== "object") value = (value ?? "") + event.value;
        }
        continue;
      }
      const { name, attributes } = event.value;
      if (event.eventType === "opentag") {
        switch (name) {
          case "sheetData":
            inData = true;
            break;
          case "row": {
            if (!inData) break;
            const number = attributes.r ? Number.parseInt(attributes.r, 10) : lastNumber + 1;
            if (!(number > lastNumber)) {
              throw new Error(`row ${attributes.r} comes after row ${lastNumber}; rows must be in order`);
            }
            row = { number, cells: [] };
            column = 0;
            break;
          }
          case "c":
            if (!row) break;
            inCell = true;
            ref = attributes.r;
            column = ref === undefined ? column + 1 : (cellColumn(ref) ?? Number.NaN);
            if (!(column >= 1)) throw new Error(`row ${row.number} has a cell with reference "${ref}"`);
            type = attributes.t;
            styleId = attributes.s ? Number.parseInt(attributes.s, 10) || 0 : 0;
            value = undefined;
            formula = undefined;
            shareType = undefined;
            node = undefined;
            hasV = false;
            inRun = false;
            break;
          case "f":
            if (!inCell || inRun) break;
            node = "f";
            shareType = attributes.t;
            break;
          case "v":
            if (inCell && !inRun) {
              node = "v";
              hasV = true;
            }
            break;
          case "t":
            if (inRun) runText = [];
            else if (inCell) node = "t";
            break;
          case "r":
            if (inCell) {
              inRun = true;
              runText = undefined;
            }
            break;
        }
        continue;
      }
      switch (name) {
        case "f":
        case "v":
        case "is":
          if (!inRun) node = undefined;
          break;
        case "t":
          if (!inRun) node = undefined;
          break;
        case "r":
          if (inRun) {
            inRun = false;
            const text = runText ? unescapeText(runText.join("")) : "";
            runText = undefined;
            // A run after plain text is dropped, as exceljs drops it.
            if (!value) value = { richText: [] };
            if (typeof value === "object") value.richText.push({ text });
          }
          break;
        case "c":
          if (inCell && row) {
            row.cells[column - 1] = finishCell();
            inCell = false;
          }
          break;
        case "row":
          if (row) {
            done.push(row);
            lastNumber = row.number;
            row = undefined;
          }
          break;
        case "sheetData":
          inData = false;
          break;
      }
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
