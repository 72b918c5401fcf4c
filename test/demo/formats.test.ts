import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { FORM_TYPES } from "../../loaders/crm/form-submissions.contract.ts";
import { decode, fileStartingWith, parseCsv, readExtract } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "demo-formats-"));
const inbox = join(root, "inbox");
const truthDir = join(root, "truth");
let summary: Awaited<ReturnType<typeof generateDemo>>;

beforeAll(async () => {
  summary = await generateDemo({ persons: 2500, seed: 3, country: "both", out: inbox, truthOut: truthDir });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("extract formats", () => {
  it("names every file after its system and the extract date, and reports rows and bytes", () => {
    const names = readdirSync(inbox).sort();
    expect(names).toEqual(summary.files.map((f) => f.path.slice(inbox.length + 1)).sort());
    for (const n of names) expect(n).toMatch(/^[a-z_]+_\d{4}-\d{2}-\d{2}\.(csv|xlsx)$/);
    expect(summary.persons).toBe(2500);
    for (const f of summary.files) expect(f.bytes).toBeGreaterThan(0);
    expect(readdirSync(truthDir).sort()).toEqual([
      "collisions.csv",
      "over_mailed.csv",
      "persons.csv",
      "records.csv",
      "relations.csv",
      "summary.json",
    ]);
  });

  it("writes CRM form submissions exactly as the loader expects (BOM, comma, CRLF, fixed header and vocabularies)", () => {
    const path = fileStartingWith(inbox, "crm_form_submissions_");
    expect(path).toMatch(/crm_form_submissions_2026-10-01\.csv$/);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.split("\r\n")[0]).toBe(
      "SubmissionId,ContactId,FormType,SubmittedAt,Channel,Campaign,ProgrammeCode,FirstName,LastName,Email,Phone,Country,SchoolCode",
    );
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    const ex = readExtract(path, { delimiter: ",", encoding: "utf-8" });
    const channels = new Set(["web_form", "catalogue", "fair", "newsletter", "agent", "social", "search"]);
    let wellFormed = 0;
    for (const r of ex.rows) {
      if (r.cells.length !== 13) continue;
      wellFormed++;
      expect(FORM_TYPES).toContain(r.get("FormType"));
      expect(channels.has(r.get("Channel"))).toBe(true);
      expect(r.get("SubmittedAt")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(wellFormed).toBeGreaterThan(ex.rows.length * 0.99);
    expect(new Set(ex.rows.map((r) => r.get("FormType"))).size).toBe(FORM_TYPES.length);
    expect(text).toMatch(/"[^"\r\n]*,[^"\r\n]*"/); // RFC 4180 quoting of a campaign with a comma
  });

  it("writes Swedish reports in Windows-1252 with semicolons, Ladok's metadata lines and a totals line", () => {
    const nya = readFileSync(fileStartingWith(inbox, "nya_antagning_"));
    expect(nya.includes(Buffer.from("Förnamn", "latin1"))).toBe(true);
    expect(nya.includes(Buffer.from("Förnamn", "utf8"))).toBe(false);
    const text = decode(nya, "windows-1252");
    expect(text.split("\r\n")[0]).toContain("Personnummer;Förnamn;Efternamn");
    expect(text).toMatch(/\r\nTotalt;\d+\r\n$/);
    expect(text).toMatch(/;\d{1,2},\d{2};/); // meritvärde with decimal comma
    const ladok = decode(readFileSync(fileStartingWith(inbox, "ladok_resultat_")), "windows-1252").split(
      "\r\n",
    );
    expect(ladok[0]).toMatch(/^Rapport: /);
    expect(ladok[1]).toMatch(/^Körd: 2026-10-01/);
    expect(ladok[2]).toMatch(/^Urval: Lärosäte DEMO/);
    expect(ladok[3]).toBe("Ladok-UID;Personnummer;Kurskod;Termin;Betyg;Betygsskala;Hp;Examinationsdatum");
  });

  it("writes Studielink with Dutch headers, DD-MM-YYYY dates and BRIN codes", () => {
    const ex = readExtract(fileStartingWith(inbox, "studielink_vti_"), { delimiter: ";", encoding: "utf-8" });
    for (const h of [
      "Studentnummer",
      "BSN",
      "Voornaam",
      "Achternaam",
      "CROHO",
      "Opleiding",
      "Status VTI",
      "Datum VTI",
      "Vooropleiding",
      "BRIN",
    ]) {
      expect(ex.header).toContain(h);
    }
    const statuses = new Set(ex.rows.map((r) => r.get("Status VTI")));
    for (const s of ["aangemeld", "ingeschreven", "geannuleerd", "uitgeschreven"])
      expect(statuses).toContain(s);
    const brins = ex.rows.map((r) => r.get("BRIN")).filter((b) => b !== "");
    expect(brins.length).toBeGreaterThan(0);
    for (const b of brins) expect(b).toMatch(/^\d{2}[A-Z]{2}$/);
    expect(ex.rows[0]!.get("Datum VTI")).toMatch(/^\d{2}-\d{2}-\d{4}$/);
  });

  it("reproduces LinkedIn's Connections.csv: three Notes lines, then its exact header and dates", () => {
    const text = readFileSync(fileStartingWith(inbox, "linkedin_connections_"), "utf8");
    const records = parseCsv(text, ",");
    expect(records[0]).toEqual(["Notes:"]);
    expect(records[1]![0]).toMatch(/^When exporting your connection data/);
    expect(records[2]).toEqual([""]);
    expect(records[3]).toEqual([
      "First Name",
      "Last Name",
      "URL",
      "Email Address",
      "Company",
      "Position",
      "Connected On",
    ]);
    expect(records[4]![6]).toMatch(/^\d{2} [A-Z][a-z]{2} \d{4}$/);
  });

  it("writes the alumni workbook with fixed document dates and real date cells", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(fileStartingWith(inbox, "alumni_members_"));
    expect(book.created.toISOString()).toBe("2026-10-01T06:00:00.000Z");
    const sheet = book.getWorksheet("Members")!;
    expect(sheet.getRow(1).getCell(1).value).toBe("MemberId");
    expect(sheet.getRow(2).getCell(15).value).toBeInstanceOf(Date);
  });

  it("documents every extract it writes in demo/README.md", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../demo/README.md"), "utf8");
    for (const name of readdirSync(inbox)) {
      const pattern = name.replace(/\d{4}-\d{2}-\d{2}/, "<date>");
      expect(readme, pattern).toContain(pattern);
    }
  });
});
