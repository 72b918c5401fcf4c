import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { parseBsn, parseSwedishId } from "../../identifiers/index.ts";
import { fileStartingWith, readExtract, readTruthRecords, type TruthRecord } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "demo-ids-"));
const inbox = join(root, "inbox");
const truthDir = join(root, "truth");
const REF = "2026-10-01";
let truth: Map<string, TruthRecord>;

beforeAll(async () => {
  // A high dirt rate so that planted invalid identifiers occur in every file at this small size.
  await generateDemo({
    persons: 3000,
    seed: 12,
    country: "both",
    dirtRate: 0.3,
    out: inbox,
    truthOut: truthDir,
  });
  truth = readTruthRecords(truthDir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = [
  {
    prefix: "crm_contacts_",
    column: "PersonalNumber",
    delimiter: ",",
    encoding: "utf-8",
    skip: 0,
    kind: "se",
  },
  {
    prefix: "nya_antagning_",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 0,
    kind: "se",
  },
  {
    prefix: "ladok_studenter_2026-03-01",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 3,
    kind: "se",
  },
  {
    prefix: "ladok_studenter_2026-10-01",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 3,
    kind: "se",
  },
  {
    prefix: "ladok_registreringar_",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 3,
    kind: "se",
  },
  {
    prefix: "ladok_resultat_",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 3,
    kind: "se",
  },
  {
    prefix: "ladok_examen_",
    column: "Personnummer",
    delimiter: ";",
    encoding: "windows-1252",
    skip: 3,
    kind: "se",
  },
  { prefix: "studielink_vti_", column: "BSN", delimiter: ";", encoding: "utf-8", skip: 0, kind: "nl" },
  { prefix: "osiris_diplomas_", column: "BSN", delimiter: ";", encoding: "utf-8", skip: 0, kind: "nl" },
] as const;

function parse(value: string, kind: "se" | "nl"): { ok: boolean; kind: string } {
  if (kind === "nl" || /^\d{9}$/.test(value)) {
    const r = parseBsn(value);
    return { ok: r.ok, kind: "bsn" };
  }
  const r = parseSwedishId(value, { referenceDate: REF, issuer: "DEMO" });
  return { ok: r.ok, kind: r.ok ? r.value.kind : "" };
}

describe("identifiers in the extracts", () => {
  it("are valid where the truth says so and invalid exactly where an invalid one was planted", () => {
    const kinds = new Map<string, number>();
    let planted = 0;
    const forms = { plus: 0, ten: 0, twelve: 0 };
    for (const f of FILES) {
      const path = fileStartingWith(inbox, f.prefix);
      const file = path.slice(inbox.length + 1);
      const extract = readExtract(path, f);
      for (const row of extract.rows) {
        const rec = truth.get(`${file}:${row.line}`);
        expect(rec, `${file}:${row.line} is in the truth`).toBeDefined();
        if (rec!.dirt.includes("wrong_column_count")) continue;
        const value = row.get(f.column);
        if (value === "") continue;
        const result = parse(value, f.kind);
        if (rec!.dirt.includes("invalid_id")) {
          planted++;
          expect(result.ok, `${file}:${row.line} planted invalid`).toBe(false);
        } else {
          expect(result.ok, `${file}:${row.line} ${f.column} should be valid`).toBe(true);
          kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
          if (value.includes("+")) forms.plus++;
          if (/^\d{6}[-+]?\w\d{3}$/.test(value)) forms.ten++;
          if (/^\d{8}-?\w\d{3}$/.test(value)) forms.twelve++;
        }
      }
    }
    expect(planted).toBeGreaterThan(0);
    for (const k of ["personnummer", "samordningsnummer", "interim", "bsn"])
      expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
    expect(forms.ten).toBeGreaterThan(0);
    expect(forms.twelve).toBeGreaterThan(0);
  });

  it("writes alumni national IDs (with '+' for centenarians) that parse, and none on most pre-2010 records", async () => {
    const path = fileStartingWith(inbox, "alumni_members_");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet("Members")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const idCol = header.indexOf("NationalId") + 1;
    const joinedCol = header.indexOf("JoinedOn") + 1;
    let plus = 0;
    let old = 0;
    let oldWithout = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const value = String(row.getCell(idCol).value ?? "");
      const joined = row.getCell(joinedCol).value;
      if (joined instanceof Date && joined.getUTCFullYear() < 2010) {
        old++;
        if (value === "") oldWithout++;
      }
      if (value === "") return;
      const rec = truth.get(`${path.slice(inbox.length + 1)}:${n}`)!;
      expect(parse(value, "se").ok).toBe(!rec.dirt.includes("invalid_id"));
      if (value.includes("+")) plus++;
    });
    expect(plus).toBeGreaterThan(0);
    expect(old).toBeGreaterThan(20);
    expect(oldWithout / old).toBeGreaterThan(0.5);
  });

  it("replaces some interim numbers in Ladok's later extract by a Swedish number for the same Ladok UID", () => {
    const read = (prefix: string) => {
      const ex = readExtract(fileStartingWith(inbox, prefix), {
        delimiter: ";",
        encoding: "windows-1252",
        skip: 3,
      });
      return new Map(ex.rows.map((r) => [r.get("Ladok-UID"), r.get("Personnummer")]));
    };
    const early = read("ladok_studenter_2026-03-01");
    const late = read("ladok_studenter_2026-10-01");
    let replaced = 0;
    for (const [uid, id] of early) {
      const later = late.get(uid);
      if (/^\d{8}-?[A-Z]\d{3}$/.test(id) && later && /^\d{8}-?\d{4}$/.test(later)) replaced++;
    }
    expect(replaced).toBeGreaterThan(0);
  });
});
