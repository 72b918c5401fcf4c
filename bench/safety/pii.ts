/**
 * Figure 2: personal data in what is published. Every identifier of the demo's input files and planted
 * truth is collected, then every file of the publish folder (the current release and every
 * `.publish.*` sibling) and of the built site is scanned as bytes for them.
 *
 * Matching is by tokens, so every written form counts: a national ID found with or without century,
 * dash or plus is the same ID (compared on YYMMDD + the last four); e-mails case-insensitively;
 * phone numbers on their digits (also +46 / +31 written with a leading 0); names case-sensitively as
 * "First Last", only for two-word names whose parts have at least 4 letters.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import ExcelJS from "exceljs";
import { readCsvRecords } from "../../loaders/csv/read-records.ts";
import { LoadError } from "../../loaders/errors.ts";
import { loadProfiles, matchProfile, type Profile } from "../../loaders/profile.ts";
import { type FigureRow, row } from "./figures.ts";

export type IdentifierKind =
  | "personnummer"
  | "samordningsnummer"
  | "interim number"
  | "BSN"
  | "e-mail"
  | "phone"
  | "full name";

export const KINDS: IdentifierKind[] = [
  "personnummer",
  "samordningsnummer",
  "interim number",
  "BSN",
  "e-mail",
  "phone",
  "full name",
];

export class Identifiers {
  readonly sets = new Map<IdentifierKind, Set<string>>(KINDS.map((kind) => [kind, new Set<string>()]));

  /** A Swedish national ID or a BSN in any written form; other values (dirt) are ignored. */
  addNationalId(value: string | null | undefined): void {
    if (!value) return;
    const v = value.trim().toUpperCase().replace(/\s+/g, "");
    if (/^\d{4}\.?\d{2}\.?\d{3}$/.test(v)) {
      this.sets.get("BSN")!.add(v.replaceAll(".", ""));
      return;
    }
    const core = nationalIdCore(v);
    if (!core) return;
    const kind: IdentifierKind = /[A-Z]/.test(core)
      ? "interim number"
      : Number(core.slice(4, 6)) > 60
        ? "samordningsnummer"
        : "personnummer";
    this.sets.get(kind)!.add(core);
  }

  addEmail(value: string | null | undefined): void {
    const v = value?.trim().toLowerCase();
    if (v && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) this.sets.get("e-mail")!.add(v);
  }

  addPhone(value: string | null | undefined): void {
    if (!value) return;
    for (const digits of phoneForms(value)) this.sets.get("phone")!.add(digits);
  }

  addName(first: string | null | undefined, last: string | null | undefined): void {
    const f = first?.trim();
    const l = last?.trim();
    if (!f || !l || /\s/.test(f) || /\s/.test(l)) return;
    const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;
    if (letters(f) >= 4 && letters(l) >= 4) this.sets.get("full name")!.add(`${f} ${l}`);
  }

  counts(): Record<IdentifierKind, number> {
    return Object.fromEntries(KINDS.map((kind) => [kind, this.sets.get(kind)!.size])) as Record<
      IdentifierKind,
      number
    >;
  }
}

const NATIONAL_ID = /^(?:\d{2})?(\d{6})[-+]?([0-9TRSUWXJKLMN]\d{3})$/;

/** YYMMDD + the last four (the century and separator dropped): the form every written form shares. */
export function nationalIdCore(value: string): string | null {
  const m = NATIONAL_ID.exec(value);
  return m ? `${m[1]}${m[2]}` : null;
}

/** Digit forms of a phone number: its digits, and for +46 / +31 (or 0046 / 0031) the national 0-form. */
export function phoneForms(value: string): string[] {
  const digits = value.replace(/\D/g, "");
  if (digits.length < 8) return [];
  const forms = [digits];
  const intl = /^(?:00)?(46|31)(\d{7,})$/.exec(digits);
  if (intl && (value.trim().startsWith("+") || digits.startsWith("00"))) forms.push(`0${intl[2]}`);
  return forms;
}

// ---------------------------------------------------------------------------------------------------
// Reading the inputs

const FIELD_KINDS = ["personal_number", "national_id", "bsn", "email", "phone", "first_name", "last_name"];

/** Records of a file as { contract field: value } for the fields that hold identifiers. */
async function readRecords(path: string, profile: Profile): Promise<Record<string, string>[]> {
  let headerIndex = profile.csv.headerLine - 1;
  let table: string[][];
  if (/\.xlsx$/i.test(path)) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = profile.xlsx?.sheet ? workbook.getWorksheet(profile.xlsx.sheet) : workbook.worksheets[0];
    table = [];
    sheet?.eachRow({ includeEmpty: true }, (r) => {
      const values = r.values as unknown[];
      table.push(values.slice(1).map((v) => (v === null || v === undefined ? "" : cellText(v))));
    });
  } else {
    // The loaders' reader (DuckDB's, through the profile's CSV settings); the header leads the table. A
    // file it cannot read loads nothing (its e-mail addresses are still collected below).
    const read = await readCsvRecords(path, profile.csv).catch((error: unknown) => {
      if (error instanceof LoadError) return null;
      throw error;
    });
    table = read ? [read.header, ...read.records.map((record) => record.cells)] : [];
    headerIndex = 0;
  }
  const header = (table[headerIndex] ?? []).map((h) => h.trim().toLowerCase());
  const fieldAt = new Map<number, string>();
  for (const [column, field] of Object.entries(profile.columns)) {
    const index = header.indexOf(column.trim().toLowerCase());
    if (index >= 0 && FIELD_KINDS.includes(field)) fieldAt.set(index, field);
  }
  return table.slice(headerIndex + 1).map((cells) => {
    const record: Record<string, string> = {};
    for (const [index, field] of fieldAt) record[field] = cells[index] ?? "";
    return record;
  });
}

function cellText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object" && value !== null) {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((part) => part.text).join("");
    if (typeof v.text === "string") return v.text;
    if (v.result !== undefined) return String(v.result);
  }
  return String(value);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}

/** Every identifier of the demo's extracts (through their profiles) and of its planted truth. */
export async function collectIdentifiers(
  inbox: string,
  truth: string,
): Promise<{ ids: Identifiers; files: number }> {
  const ids = new Identifiers();
  const profiles = await loadProfiles();
  let files = 0;
  for (const path of filesUnder(inbox)) {
    const profile = matchProfile(profiles, path);
    if (!profile) continue;
    files++;
    for (const record of await readRecords(path, profile)) {
      ids.addNationalId(record.personal_number);
      ids.addNationalId(record.national_id);
      ids.addNationalId(record.bsn);
      ids.addEmail(record.email);
      ids.addPhone(record.phone);
      ids.addName(record.first_name, record.last_name);
    }
    // E-mail addresses anywhere else in the file (a free-text column, a preamble line).
    const text = readFileSync(path).toString("latin1");
    if (!/\.xlsx$/i.test(path)) for (const m of text.matchAll(EMAIL)) ids.addEmail(m[0]);
  }
  for (const path of filesUnder(truth).filter((p) => p.endsWith(".csv"))) {
    files++;
    const { header, records: read } = await readCsvRecords(path, { delimiter: ",", headerLine: 1 });
    const records = read.map((record) => record.cells);
    const at = (name: string) => header.indexOf(name);
    const columns = {
      national: ["national_id", "interim_id", "bsn", "personal_number"].map(at).filter((i) => i >= 0),
      email: at("email"),
      phone: at("phone"),
      first: at("first_name"),
      last: at("last_name"),
    };
    for (const r of records) {
      for (const i of columns.national) ids.addNationalId(r[i]);
      if (columns.email >= 0) ids.addEmail(r[columns.email]);
      if (columns.phone >= 0) ids.addPhone(r[columns.phone]);
      if (columns.first >= 0 && columns.last >= 0) ids.addName(r[columns.first], r[columns.last]);
    }
  }
  return { ids, files };
}

// ---------------------------------------------------------------------------------------------------
// Scanning what is published

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const NATIONAL_TOKEN = /(?<![0-9A-Za-z])(?:\d{2})?(\d{6})[-+]?([0-9TRSUWXJKLMN]\d{3})(?![0-9A-Za-z])/g;
const BSN_TOKEN = /(?<![0-9.])\d{4}\.?\d{2}\.?\d{3}(?![0-9])/g;
const PHONE_TOKEN = /\+?\d[\d \-()]{6,20}\d/g;
const DIGIT_RUN = /\d{8,}/g;
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

export interface Hit {
  kind: IdentifierKind;
  value: string;
  file: string;
  offset: number;
}

/** Every identifier of `ids` found in `text` (a file's bytes read as UTF-8). */
export function scanText(text: string, ids: Identifiers, file: string): Hit[] {
  const hits: Hit[] = [];
  const hit = (kind: IdentifierKind, value: string, offset: number) =>
    hits.push({ kind, value, file, offset });
  for (const m of text.matchAll(NATIONAL_TOKEN)) {
    const core = `${m[1]}${m[2]}`;
    for (const kind of ["personnummer", "samordningsnummer", "interim number"] as const)
      if (ids.sets.get(kind)!.has(core)) hit(kind, m[0], m.index);
  }
  for (const m of text.matchAll(BSN_TOKEN))
    if (ids.sets.get("BSN")!.has(m[0].replaceAll(".", ""))) hit("BSN", m[0], m.index);
  for (const m of text.matchAll(EMAIL))
    if (ids.sets.get("e-mail")!.has(m[0].toLowerCase())) hit("e-mail", m[0], m.index);
  const phones = ids.sets.get("phone")!;
  const seenPhone = new Set<number>();
  for (const pattern of [PHONE_TOKEN, DIGIT_RUN]) {
    for (const m of text.matchAll(pattern)) {
      if (!seenPhone.has(m.index) && phones.has(m[0].replace(/\D/g, ""))) {
        seenPhone.add(m.index);
        hit("phone", m[0], m.index);
      }
    }
  }
  const names = ids.sets.get("full name")!;
  let previous: { word: string; end: number } | null = null;
  for (const m of text.matchAll(WORD)) {
    if (previous && m.index === previous.end + 1 && text[previous.end] === " ") {
      const name = `${previous.word} ${m[0]}`;
      if (names.has(name)) hit("full name", name, m.index - previous.word.length - 1);
    }
    previous = { word: m[0], end: m.index + m[0].length };
  }
  return hits;
}

/** The folders scanned: the publish path (a symlink to the current release), its siblings, the site. */
export function publishedFiles(publish: string, site: string): string[] {
  const folders: string[] = [];
  if (existsSync(publish)) folders.push(publish);
  const parent = join(publish, "..");
  if (existsSync(parent)) {
    for (const name of readdirSync(parent)) {
      if (name.startsWith(`.${basename(publish)}.`)) folders.push(join(parent, name));
    }
  }
  if (existsSync(site)) folders.push(site);
  const seen = new Set<string>();
  const files: string[] = [];
  for (const folder of folders) {
    const real = realpathSync(folder);
    if (!statSync(real).isDirectory()) continue;
    for (const file of filesUnder(real)) {
      const key = realpathSync(file);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(file);
    }
  }
  return files;
}

export interface PiiDetails {
  identifiers: Record<IdentifierKind, number>;
  inputFiles: number;
  scannedFiles: number;
  scannedBytes: number;
  hits: Hit[];
}

export async function probePublishedPii(options: {
  project: string;
  inbox: string;
  truth: string;
  publish: string;
  site: string;
}): Promise<{ rows: FigureRow[]; details: PiiDetails }> {
  const { ids, files: inputFiles } = await collectIdentifiers(options.inbox, options.truth);
  const files = publishedFiles(options.publish, options.site);
  const hits: Hit[] = [];
  let bytes = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    hits.push(...scanText(content.toString("utf8"), ids, relative(options.project, file)));
  }
  const counts = ids.counts();
  // Control: the same scan over the planted truth must find its IDs and e-mails (names there are
  // two columns, not "First Last", so they are not expected).
  const control = join(options.truth, "persons.csv");
  const controlHits = existsSync(control)
    ? scanText(readFileSync(control).toString("utf8"), ids, control)
    : [];
  const controlKinds = KINDS.map(
    (kind) => `${kind} ${new Set(controlHits.filter((h) => h.kind === kind).map((h) => h.value)).size}`,
  );
  const rows: FigureRow[] = [
    row("input files read (inbox + truth)", inputFiles),
    row("scanner control: distinct hits in data/truth/persons.csv", controlKinds.join(", ")),
    row("published files scanned", files.length),
    row("published bytes scanned", bytes),
  ];
  for (const kind of KINDS) {
    const n = hits.filter((h) => h.kind === kind).length;
    rows.push(row(`${kind}: identifiers / hits`, `${counts[kind]} / ${n}`, "hits 0", n === 0));
  }
  rows.push(row("hits in all", hits.length, "0", hits.length === 0));
  return {
    rows,
    details: { identifiers: counts, inputFiles, scannedFiles: files.length, scannedBytes: bytes, hits },
  };
}
