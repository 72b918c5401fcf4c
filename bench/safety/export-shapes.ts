/**
 * The shapes of the demo's exports (demo/systems/crm.ts, ladok.ts, nya.ts, alumni.ts) and the byte-level
 * helpers the hostile files (bench/hostile-files.ts) are built from: rows with a secret token and a valid
 * personnummer, CSV text in the demo's dialects, Windows-1252 and UTF-16 BE bytes, workbooks, a stored
 * zip and an OLE (encrypted workbook) header.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import ExcelJS from "exceljs";
import { MEMBER_HEADER } from "../../demo/systems/alumni.ts";
import { CONTACT_HEADER } from "../../demo/systems/crm.ts";
import { LADOK_STUDENT_HEADER } from "../../demo/systems/ladok.ts";
import { NYA_HEADER } from "../../demo/systems/nya.ts";

// ---------------------------------------------------------------------------------------------------
// Values

/** Deterministic secret token per case: letters and digits only, so any echo shows verbatim. */
export function secretToken(id: string): string {
  return `PROBESECRET${createHash("sha256").update(id).digest("hex").slice(0, 10).toUpperCase()}`;
}

/** Luhn check digit over the 9 digits YYMMDDNNN (DESIGN §5: century excluded). */
export function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid personnummer `YYYYMMDD-NNNC` for a birth date and serial (1-999). */
export function personnummer(birth: string, serial: number, valid = true): string {
  const ymd = birth.replaceAll("-", "");
  const nnn = String(serial).padStart(3, "0");
  const check = luhnDigit(ymd.slice(2) + nnn);
  return `${ymd}-${nnn}${valid ? check : (check + 1) % 10}`;
}

function caseSerial(id: string): number {
  return (Number.parseInt(createHash("sha256").update(id).digest("hex").slice(0, 6), 16) % 899) + 100;
}

/** The personnummer every data row of a case carries (its first row's, written as 12 digits with dash). */
export function casePersonnummer(id: string): string {
  return personnummer("2001-02-03", caseSerial(id));
}

/** Small deterministic PRNG (mulberry32) for the binary files. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(n: number, seed: number): Buffer {
  const next = prng(seed);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Shapes of the demo's exports: their headers are the demo's own (demo/systems/crm.ts, ladok.ts, nya.ts,
// alumni.ts), so a crafted file matches the profile exactly where it means to.
export { CONTACT_HEADER, LADOK_STUDENT_HEADER, MEMBER_HEADER, NYA_HEADER };

/** One CRM contact row; the last name is the case's secret token. */
export function contactRow(id: string, i: number, over: Partial<Record<string, string>> = {}): string[] {
  const values: Record<string, string> = {
    ContactId: `C9${String(i).padStart(6, "0")}`,
    FirstName: i % 2 === 0 ? "Åsa" : "Elin",
    LastName: secretToken(id),
    Email: `probe.${i}@example.invalid`,
    Phone: "0701234567",
    BirthDate: "2001-02-03",
    PersonalNumber:
      i === 1 ? casePersonnummer(id) : personnummer("2001-02-03", ((caseSerial(id) + i) % 899) + 1),
    Country: "SE",
    SchoolCode: "94955414",
    ProgrammeInterest: "SYSVK",
    LeadSource: "web_form",
    CreatedAt: "2024-01-02 03:04:05",
    ModifiedAt: "2024-02-03 04:05:06",
    ...over,
  };
  return CONTACT_HEADER.map((column) => values[column]!);
}

export function contactRows(id: string, n: number): string[][] {
  return Array.from({ length: n }, (_, i) => contactRow(id, i + 1));
}

export function quoteCell(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export interface CsvStyle {
  delimiter?: string;
  eol?: string;
  bom?: boolean;
  header?: string[] | null;
}

/** Text of a CSV file as the demo CRM writes it by default (UTF-8 with BOM, comma, CRLF). */
export function csvText(rows: string[][], style: CsvStyle = {}): string {
  const delimiter = style.delimiter ?? ",";
  const eol = style.eol ?? "\r\n";
  const header = style.header === undefined ? CONTACT_HEADER : style.header;
  const lines = [...(header ? [header] : []), ...rows].map((row) =>
    row.map((cell) => quoteCell(cell, delimiter)).join(delimiter),
  );
  return `${style.bom === false ? "" : "\uFEFF"}${lines.map((line) => line + eol).join("")}`;
}

export function contactsCsv(id: string, n = 3, style: CsvStyle = {}): Buffer {
  return Buffer.from(csvText(contactRows(id, n), style), "utf8");
}

const LADOK_PREAMBLE = [
  "Rapport: Studenter",
  "Körd: 2026-10-01 06:15 av exportkonto ladok-rapport",
  "Urval: Lärosäte DEMO (Demo University), period 2010-01-01 - 2026-10-01",
];

export function ladokStudentRow(id: string, i: number, over: Partial<Record<string, string>> = {}): string[] {
  const hex = createHash("sha256").update(`${id}:${i}`).digest("hex");
  const values: Record<string, string> = {
    "Ladok-UID": `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    Personnummer:
      i === 1 ? casePersonnummer(id) : personnummer("2001-02-03", ((caseSerial(id) + i) % 899) + 1),
    Förnamn: i % 2 === 0 ? "Åsa" : "Björn",
    Efternamn: secretToken(id),
    Födelsedatum: "2001-02-03",
    Kön: i % 2 === 0 ? "K" : "M",
    "E-post": `probe.${i}@example.invalid`,
    "Första registrering": "2024-08-26",
    ...over,
  };
  return LADOK_STUDENT_HEADER.map((column) => values[column]!);
}

/** Windows-1252 bytes of the few characters these files use beyond ASCII (0x80-0x9F and latin-1). */
const CP1252_HIGH: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  Š: 0x8a,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
  š: 0x9a,
  Ž: 0x8e,
  ž: 0x9e,
};

/** Encodes text as Windows-1252 (characters outside it become '?'). */
export function cp1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (CP1252_HIGH[ch] !== undefined) out.push(CP1252_HIGH[ch]!);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out.push(code);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

export function ladokStudentsText(rows: string[][], preamble = true): string {
  return [
    ...(preamble ? LADOK_PREAMBLE : []),
    LADOK_STUDENT_HEADER.join(";"),
    ...rows.map((r) => r.join(";")),
  ]
    .map((line) => `${line}\r\n`)
    .join("");
}

export function nyaRow(id: string, i: number, merit: string): string[] {
  return [
    "HT2024",
    `DEMO-${String(40000 + i)}`,
    "MKVVK",
    "Medie- och kommunikationsvetenskapligt program",
    `A9${String(i).padStart(6, "0")}`,
    i === 1 ? casePersonnummer(id) : personnummer("2001-02-03", ((caseSerial(id) + i) % 899) + 1),
    "Joel",
    secretToken(id),
    "2001-02-03",
    "M",
    `probe.${i}@example.invalid`,
    "SE",
    "1",
    "BI",
    merit,
    "Anmäld",
    "2024-04-13",
    "Reserv",
    "190",
    "Reserv",
    "148",
    "Ej antagen",
    "",
    "",
    "Nej",
  ];
}

export function memberRow(id: string, i: number): (string | number | Date)[] {
  return [
    `M9${String(i).padStart(6, "0")}`,
    i % 2 === 0 ? "Åsa" : "Elin",
    secretToken(id),
    `probe.${i}@example.invalid`,
    i === 1 ? casePersonnummer(id) : personnummer("2001-02-03", ((caseSerial(id) + i) % 899) + 1),
    new Date(Date.UTC(2001, 1, 3)),
    2024,
    "SYSVK",
    "Systemvetenskapligt program",
    "Kandidatexamen",
    "Probe AB",
    "IT",
    "Developer",
    "SE",
    new Date(Date.UTC(2024, 5, 1)),
  ];
}

type SheetSpec = { name: string; rows: (string | number | Date)[][]; merges?: string[] };

export async function xlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(Date.UTC(2026, 9, 1));
  workbook.modified = workbook.created;
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const row of spec.rows) sheet.addRow(row);
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A zip archive with stored (uncompressed) entries: an .xlsx that is really a zip of junk. */
export function storedZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** An OLE compound file header, as Excel writes a password-protected (encrypted) workbook. */
export function oleEncrypted(): Buffer {
  const out = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x3e, 24);
  out.writeUInt16LE(0x03, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  Buffer.from("EncryptionInfo", "utf16le").copy(out, 1024);
  Buffer.from("EncryptedPackage", "utf16le").copy(out, 1152);
  randomBytes(2048, 7).copy(out, 2048);
  return out;
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) {
    const b = le[i]!;
    le[i] = le[i + 1]!;
    le[i + 1] = b;
  }
  return le;
}
