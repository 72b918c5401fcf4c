import { writeFileSync } from "node:fs";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

/** A zip's entries in their order in the file, unpacked (stored and deflated entries only). */
export function readZip(zip: Buffer): [string, Buffer][] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: [string, Buffer, number][] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + size);
    entries.push([name, method === 0 ? packed : inflateRawSync(packed), local]);
    at += 46 + skip;
  }
  return entries.sort((a, b) => a[2] - b[2]).map(([name, data]) => [name, data]);
}

/** A zip of `entries` in the order given, deflated, with sizes in the local headers. */
export function writeZip(entries: [string, Buffer | string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export const xmlText = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A sheet as its XML rows (what goes inside `<sheetData>`) and what follows them. */
export interface SheetXml {
  name: string;
  rows: string;
  /** XML after `</sheetData>`, e.g. `<mergeCells>` */
  after?: string;
  /** Part number N of xl/worksheets/sheetN.xml (default: its position, from 1). */
  part?: number;
}

/**
 * Cell styles of the test workbooks (`s`): 1 a built-in date (14, m/d/yy), 2 "0000", 3 a date-time,
 * 4 a plain number format ("0.00").
 */
export const STYLE = { date: 1, code: 2, dateTime: 3, decimal: 4 } as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0000"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export interface WorkbookSpec {
  sheets: SheetXml[];
  /** `<si>` elements' inner XML, or plain strings. */
  sharedStrings?: (string | { xml: string })[];
  /** true writes date1904="1"; a string is written as the attribute's value as it is ("true", "false"). */
  date1904?: boolean | string;
  /**
   * The zip's entry order, as part names (others follow in the default order): Excel writes
   * workbook.xml first and the shared strings last, exceljs's streaming writer the sheets first.
   */
  order?: string[];
}

/** An .xlsx built part by part, so that a test decides each part's XML and their order in the zip. */
export function buildWorkbook(spec: WorkbookSpec): Buffer {
  const sheets = spec.sheets.map((sheet, i) => ({
    ...sheet,
    part: sheet.part ?? i + 1,
    rId: `rId${i + 10}`,
  }));
  const parts = new Map<string, string>();
  parts.set(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.part}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  parts.set(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  parts.set(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><workbookPr${spec.date1904 === undefined || spec.date1904 === false ? "" : ` date1904="${spec.date1904 === true ? "1" : spec.date1904}"`}/><bookViews><workbookView/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="${s.rId}"/>`).join("")}</sheets></workbook>`,
  );
  parts.set(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>${sheets.map((s) => `<Relationship Id="${s.rId}" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet${s.part}.xml"/>`).join("")}</Relationships>`,
  );
  parts.set("xl/styles.xml", STYLES);
  const strings = spec.sharedStrings ?? [];
  parts.set(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${typeof s === "string" ? `<t xml:space="preserve">${xmlText(s)}</t>` : s.xml}</si>`).join("")}</sst>`,
  );
  for (const sheet of sheets) {
    parts.set(
      `xl/worksheets/sheet${sheet.part}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheetData>${sheet.rows}</sheetData>${sheet.after ?? ""}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    );
  }
  const order = [...(spec.order ?? []), ...[...parts.keys()].filter((name) => !spec.order?.includes(name))];
  return writeZip(order.map((name) => [name, parts.get(name)!]));
}

export function writeWorkbook(path: string, spec: WorkbookSpec): string {
  writeFileSync(path, buildWorkbook(spec));
  return path;
}

/** Excel's serial for a calendar day (1900 date system). */
export const serial = (y: number, m: number, d: number) =>
  (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

/** A sheet with one of each kind of cell the loader renders, merged ranges, and gaps in its rows. */
const DATA_ROWS = [
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="C1"/></row>',
  '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c><c r="E2" t="s"><v>5</v></c></row>',
  // shared text, a code shown "0000", a date cell, a number, shared rich text
  `<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" s="${STYLE.code}"><v>80</v></c><c r="C3" s="${STYLE.date}"><v>45897</v></c><c r="D3"><v>7.5</v></c><c r="E3" t="s"><v>7</v></c></row>`,
  // inline text, inline rich text, date-formatted formula result, formula number, formula text
  `<row r="4"><c r="A4" t="inlineStr"><is><t>inline Ö</t></is></c><c r="B4" t="inlineStr"><is><r><t>MA</t></r><r><rPr><b/></rPr><t>1001</t></r></is></c><c r="C4" s="${STYLE.date}"><f>C3+1</f><v>45898</v></c><c r="D4"><f>D3*2</f><v>15</v></c><c r="E4" t="str"><f>A4&amp;"x"</f><v>inline Öx</v></c></row>`,
  // formula error and boolean results, a serial typed as text in the date column, a formula never calculated, a boolean
  '<row r="5"><c r="A5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B5" t="b"><f>1=1</f><v>1</v></c><c r="C5" t="s"><v>11</v></c><c r="D5"><f>D4+1</f></c><c r="E5" t="b"><v>0</v></c></row>',
  // an escaped carriage return, a date-time, an error cell, text with a phonetic guide
  `<row r="6"><c r="A6" t="s"><v>8</v></c><c r="C6" s="${STYLE.dateTime}"><v>45897.5</v></c><c r="D6" t="e"><v>#N/A</v></c><c r="E6" t="s"><v>9</v></c></row>`,
  // row 7 is not in the file, but B5:B7 reaches it
  '<row r="8"/>',
  `<row r="9"><c r="A9" t="s"><v>10</v></c><c r="D9" s="${STYLE.decimal}"><v>1234.5</v></c><c r="H9" t="inlineStr"><is><t>right of the header</t></is></c></row>`,
  // a shared formula and its copy, empty text, a cell without a reference (it follows the one before)
  '<row r="11"><c r="A11" t="s"><v>6</v></c><c t="s"><v>6</v></c><c r="D11"><f t="shared" ref="D11:D12" si="0">D3+1</f><v>8.5</v></c></row>',
  '<row r="12"><c r="A12" t="s"><v>12</v></c><c r="D12"><f t="shared" si="0"/><v>9.5</v></c></row>',
  // C13:D14 holds C13's 3, in C13 and C14; D13's and C14's own values are hidden by the merge
  '<row r="13"><c r="A13" t="inlineStr"><is><t>merged</t></is></c><c r="C13"><v>3</v></c><c r="D13"><v>5</v></c></row>',
  '<row r="14"><c r="A14" t="inlineStr"><is><t>merged too</t></is></c><c r="C14"><v>9</v></c></row>',
].join("");

export const DATA: WorkbookSpec = {
  sheets: [
    { name: "Info", rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>not the data</t></is></c></row>' },
    {
      name: "Data",
      rows: DATA_ROWS,
      after:
        '<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="B5:B7"/><mergeCell ref="D13:C14"/></mergeCells>',
    },
  ],
  sharedStrings: [
    "Course registrations",
    "Student",
    "Course",
    "Registered",
    "Credits",
    "Note",
    "Åsa Öberg",
    { xml: "<r><t>Zo</t></r><r><rPr><b/></rPr><t>ë</t></r>" },
    "line one_x000D_\nline two",
    { xml: '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh>' },
    "  padded  ",
    "45897",
    { xml: "<t/>" },
  ],
};
