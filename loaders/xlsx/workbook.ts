import { rmSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import ExcelJS from "exceljs";
import parseSax from "exceljs/lib/utils/parse-sax.js";
import { isOleCompoundFile, OLE_WORKBOOK } from "../encoding/binary.ts";
import { readHead } from "../encoding/sniff.ts";
import { LoadError } from "../errors.ts";
import { FileWriter } from "../file-writer.ts";
import { scratchDiskFailure } from "../scratch.ts";
import { type MergeRange, parseRange } from "./cell-ref.ts";
import { readSharedStrings, type SharedString } from "./shared-strings.ts";
import { zipEntryNames } from "./zip-directory.ts";

/** The chosen sheet's XML copied out of the workbook, with what its cells need to be read. */
export interface SheetPart {
  name: string;
  /** The workbook's other sheets, in its order: named when this one turns out not to hold the data. */
  otherSheets: string[];
  /** The sheet's XML up to the end of its `<sheetData>` (UTF-8). */
  xmlPath: string;
  /** Its merged ranges: they follow the rows in the XML, so they are found while it is copied. */
  merges: MergeRange[];
  sharedStrings: SharedString[];
  /** The number format of a cell style (`s`), as exceljs resolves it. */
  numFmt(styleId: number): string | undefined;
  /** The workbook counts days from 1904 (old Mac Excel), not 1900. */
  date1904: boolean;
}

type Entry = Readable & { path: string };
interface Relationship {
  Id: string;
  Target: string;
}
interface SheetDefinition {
  name: string;
  rId: string;
}

/** The parts of exceljs's WorkbookReader (lib/stream/xlsx/workbook-reader.js, 4.4.0) used here. */
interface ReaderInternals {
  parse(): AsyncGenerator<unknown>;
  stream?: Readable;
  workbookRels?: Relationship[];
  model?: { sheets?: SheetDefinition[] };
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  sharedStrings?: SharedString[];
  _parseRels(entry: Entry): Promise<void>;
  _parseWorkbook(entry: Entry): Promise<void>;
  _parseStyles(entry: Entry): Promise<void>;
  _parseSharedStrings(entry: Entry): AsyncIterable<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): AsyncIterable<unknown>;
}

interface ListedSheet {
  name: string;
  /** N of its part xl/worksheets/sheetN.xml */
  sheetNo: string;
}

/**
 * Streams the workbook once with exceljs's WorkbookReader and copies out the wanted sheet (by name,
 * else the first in the workbook's order). The reader routes the zip's entries and parses the small
 * parts (relationships, workbook.xml, styles) with exceljs's own code; the rest is done here, since its
 * streaming path does not read some workbooks the way exceljs's whole-workbook reader does:
 * - it decodes each chunk of a part on its own, so a character split between two chunks becomes two
 *   U+FFFD (exceljs issues 2063, 2316): every part is read here as text decoded across chunks;
 * - it parses a sheet as soon as shared strings and relationships are read, even when styles.xml or
 *   workbook.xml come later in the zip (date cells then read as numbers; it fails outright without
 *   workbook.xml), and it holds sheets that come before the shared strings in temporary files of its
 *   own, outside the scratch directory: here a sheet is copied out as it comes and read once every
 *   part has been seen;
 * - its sheet reader turns a formula's error or boolean result into NaN or 1, does not make a date of
 *   a date-formatted formula result, keeps only the last run of inline rich text, and cannot show a
 *   merged range's value in all its cells, as the merges come after the rows: the sheet's XML is read
 *   by sheet-rows.ts instead, with the merges found while it is copied.
 */
export async function extractSheet(
  path: string,
  fileName: string,
  wanted: string | undefined,
  dir: string,
): Promise<SheetPart> {
  for (let read = 1; ; read++) {
    try {
      return await extractSheetOnce(path, fileName, wanted, dir);
    } catch (error) {
      if (!(error instanceof PartsLost) || read >= READS) throw error;
    }
  }
}

/** Reads of a workbook whose stream lost a part its zip directory lists, before the load fails. */
const READS = 3;

/**
 * The streaming read missed parts the zip's directory lists. exceljs 4.4 pauses the zip stream while a
 * part is handled, and the unzip stream can end meanwhile without giving the entries after it (exceljs
 * issue 3064): most often workbook.xml, which many writers put last. It depends on timing, so the file is
 * read again.
 */
class PartsLost extends LoadError {
  constructor(fileName: string, parts: string[]) {
    super(
      fileName,
      `not a readable .xlsx file: its zip lists ${parts.join(", ")}, but reading it did not give ${parts.length > 1 ? "them" : "it"} (read ${READS} times); save it again from Excel`,
    );
  }
}

/** The parts whose loss changes what is read: the workbook, its relationships, shared strings, styles, sheets. */
const READ_PARTS =
  /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/sheet\d+\.xml)$/;

async function extractSheetOnce(
  path: string,
  fileName: string,
  wanted: string | undefined,
  dir: string,
): Promise<SheetPart> {
  // Not a zip at all: exceljs would say "invalid signature: 0xe011cfd0".
  if (isOleCompoundFile(readHead(path, 8))) throw new LoadError(fileName, OLE_WORKBOOK);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as ReaderInternals;
  let readRels = false;
  let readWorkbook = false;
  const delivered = new Set<string>();
  const copies = new Map<string, { xmlPath: string; merges: MergeRange[] }>();

  let date1904 = false;
  for (const method of ["_parseRels", "_parseWorkbook", "_parseStyles"] as const) {
    const parse = reader[method].bind(reader);
    reader[method] = async (entry) => {
      delivered.add(entry.path);
      entry.setEncoding("utf8");
      if (method === "_parseWorkbook") {
        // exceljs takes only date1904="1"; the attribute is an xsd:boolean, and "true" is just as valid.
        let text = "";
        for await (const chunk of entry) text += chunk;
        date1904 = DATE_1904.test(text);
        await parse(Object.assign(Readable.from([text]), { path: entry.path }));
        readWorkbook = true;
        return;
      }
      await parse(entry);
      if (method === "_parseRels") readRels = true;
    };
  }
  reader._parseSharedStrings = (entry) =>
    emitsNothing(async () => {
      delivered.add(entry.path);
      entry.setEncoding("utf8");
      reader.sharedStrings = await readSharedStrings(entry as AsyncIterable<string>);
    });
  reader._parseWorksheet = (chunks, sheetNo) =>
    emitsNothing(async () => {
      delivered.add(`xl/worksheets/sheet${sheetNo}.xml`);
      const listed = readRels && readWorkbook ? listSheets(reader) : undefined;
      // Until workbook.xml and its relationships are read, any sheet may be the wanted one.
      if (listed && pick(listed, wanted)?.sheetNo !== sheetNo) return;
      const xmlPath = join(dir, `sheet${sheetNo}.xml`);
      copies.set(sheetNo, { xmlPath, merges: await copySheet(chunks, xmlPath) });
    });
  // Read as if shared strings and relationships were already there, so that the reader hands every
  // sheet over as its entry comes (it would otherwise hold it back in a temporary file of its own).
  reader.sharedStrings = [];
  reader.workbookRels = [];

  try {
    for await (const _event of reader.parse()) {
      // Everything happens in the parse methods above; nothing is emitted.
    }
  } catch (error) {
    for (const copy of copies.values()) rmSync(copy.xmlPath, { force: true });
    throw (
      scratchDiskFailure(error, fileName) ??
      new LoadError(fileName, `not a readable .xlsx file: ${(error as Error).message}`)
    );
  } finally {
    reader.stream?.destroy();
  }
  try {
    const lost = (zipEntryNames(path) ?? []).filter((name) => READ_PARTS.test(name) && !delivered.has(name));
    if (lost.length > 0) throw new PartsLost(fileName, lost);
    if (!readWorkbook || !readRels) {
      throw new LoadError(
        fileName,
        "not a readable .xlsx file: it has no xl/workbook.xml and its relationships",
      );
    }
    const listed = listSheets(reader);
    const sheet = pick(listed, wanted);
    if (!sheet) {
      const names = listed.map((s) => `"${s.name}"`).join(", ");
      throw new LoadError(
        fileName,
        wanted ? `no sheet "${wanted}"; sheets: ${names}` : "the workbook has no sheets",
      );
    }
    const copy = copies.get(sheet.sheetNo);
    if (!copy) {
      throw new LoadError(
        fileName,
        `not a readable .xlsx file: sheet "${sheet.name}" has no part xl/worksheets/sheet${sheet.sheetNo}.xml`,
      );
    }
    for (const [sheetNo, other] of copies)
      if (sheetNo !== sheet.sheetNo) rmSync(other.xmlPath, { force: true });
    const styles = reader.styles;
    const numFmts = new Map<number, string | undefined>();
    return {
      name: sheet.name,
      otherSheets: listed.filter((other) => other !== sheet).map((other) => other.name),
      xmlPath: copy.xmlPath,
      merges: copy.merges,
      sharedStrings: reader.sharedStrings ?? [],
      numFmt(styleId) {
        if (!numFmts.has(styleId)) numFmts.set(styleId, styles.getStyleModel(styleId)?.numFmt);
        return numFmts.get(styleId);
      },
      date1904,
    };
  } catch (error) {
    for (const copy of copies.values()) rmSync(copy.xmlPath, { force: true });
    throw error;
  }
}

/** workbook.xml's `<workbookPr date1904>` set, in either form an xsd:boolean allows. */
const DATE_1904 = /<(?:[\w-]+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*(["'])\s*(?:1|true)\s*\1/;

/**
 * The reader takes its parse methods' events with `yield*`: this runs `work` there and gives none.
 */
function emitsNothing(work: () => Promise<void>): AsyncIterable<never> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        await work();
        return { done: true, value: undefined };
      },
    }),
  };
}

/**
 * The workbook's sheets in its own order, as exceljs's workbook reader lists them: those whose
 * relationship leads to a part xl/worksheets/sheetN.xml (a chart sheet has none).
 */
function listSheets(reader: ReaderInternals): ListedSheet[] {
  const targets = new Map((reader.workbookRels ?? []).map((rel) => [rel.Id, rel.Target]));
  const listed: ListedSheet[] = [];
  for (const sheet of reader.model?.sheets ?? []) {
    const target = targets.get(sheet.rId);
    const part = target && `xl/${target.replace(/^(\s|\/xl\/)+/, "")}`;
    const sheetNo = part && /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(part)?.[1];
    if (sheetNo) listed.push({ name: sheet.name, sheetNo });
  }
  return listed;
}

function pick(listed: ListedSheet[], wanted: string | undefined): ListedSheet | undefined {
  return wanted === undefined ? listed[0] : listed.find((sheet) => sheet.name === wanted);
}

const SHEET_DATA_END = /<\/sheetData\s*>|<sheetData\s*\/>/;
/** Bytes kept from one chunk to the next so that an end tag split between them is still found. */
const CARRY = 64;

/**
 * Copies a sheet's XML up to the end of its rows to `xmlPath`, and reads what follows the rows
 * for the merged ranges.
 */
export async function copySheet(
  chunks: AsyncIterable<Buffer | string>,
  xmlPath: string,
): Promise<MergeRange[]> {
  const out = new FileWriter(xmlPath);
  const iterator = chunks[Symbol.asyncIterator]();
  let carry = Buffer.alloc(0);
  let tail: Buffer | undefined;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
      // latin1 keeps one character per byte, so a match's index is its byte offset.
      const window = Buffer.concat([carry, chunk]);
      const end = SHEET_DATA_END.exec(window.toString("latin1"));
      if (end) {
        const cut = end.index + end[0].length - carry.length;
        await out.write(chunk.subarray(0, cut));
        tail = chunk.subarray(cut);
        break;
      }
      await out.write(chunk);
      carry = window.subarray(Math.max(0, window.length - CARRY));
    }
    await out.close();
  } catch (error) {
    out.abort();
    throw error;
  }
  if (!tail) return [];
  return readMerges(tail, iterator);
}

/** The `<mergeCell ref>` ranges in the rest of a sheet's XML (after its rows, up to `</worksheet>`). */
async function readMerges(first: Buffer, rest: AsyncIterator<Buffer | string>): Promise<MergeRange[]> {
  async function* text(): AsyncGenerator<string> {
    const decoder = new StringDecoder("utf8");
    // The rest closes the root element; open it again so that it is well-formed on its own.
    yield `<worksheet>${decoder.write(first)}`;
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      yield typeof next.value === "string" ? next.value : decoder.write(next.value);
    }
    yield decoder.end();
  }
  const merges: MergeRange[] = [];
  for await (const events of parseSax(text())) {
    for (const event of events) {
      if (event.eventType === "opentag" && event.value.name === "mergeCell") {
        const range = parseRange(event.value.attributes.ref ?? "");
        if (range) merges.push(range);
      }
    }
  }
  return merges;
}
