import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audienceBuild } from "../../app/audience-build.ts";
import { ingest } from "../../app/ingest.ts";
import { init } from "../../app/init.ts";
import { run } from "../../app/run.ts";
import { generateDemo } from "../../demo/generate.ts";
import { buildAudience } from "../../pipelines/audiences/build.ts";
import { readAudience } from "../../pipelines/audiences/definition.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { type LoadedConfig, loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { readSecret } from "../../warehouse/secret.ts";
import { parseCsv } from "../helpers/csv.ts";
import { tempProject } from "../helpers/project.ts";

/**
 * The master's-prospects example `slm init` writes, built on the demo and judged by the planted truth: the persons
 * with a degree of its programmes in the three years up to the reference date (Ladok's degree report, mapped to
 * persons by the truth's records.csv) who have no application to, nor degree of, a follow-on programme (NyA's
 * admissions report, the degree report). Plain TypeScript over the extracts, sharing no SQL with the warehouse; a
 * line the loader quarantines (an invalid national ID) is skipped, as ingest does. The demo's graduates of seed 1 include
 * none who applied to a master's (its further study is an alumni engagement), so the follow-on rule itself is
 * proven by the literal test (test/pipelines/audiences/alumni-prospects.test.ts).
 */
describe("alumni prospects on the demo, against the planted truth", () => {
  const project = tempProject("slm-alumni-");
  let loaded: LoadedConfig;
  const inbox = () => join(project.dir, "data", "inbox");
  const truth = () => join(project.dir, "data", "truth");

  beforeAll(async () => {
    init(project.dir);
    await generateDemo({
      persons: 3000,
      seed: 1,
      years: 12,
      country: "se",
      out: inbox(),
      truthOut: truth(),
    });
    loaded = loadConfig(project.dir);
    await ingest(loaded);
    await run(loaded);
  }, 600_000);
  afterAll(() => project.remove());

  /** The rows of a semicolon report (Windows-1252, a preamble above its header) with their file line numbers. */
  const report = (prefix: string, header: string) => {
    const file = readdirSync(inbox()).find((name) => name.startsWith(prefix))!;
    const lines = new TextDecoder("latin1").decode(readFileSync(join(inbox(), file))).split("\r\n");
    const at = lines.findIndex((line) => line.startsWith(header));
    const names = parseCsv(lines[at]!, ";")[0]!;
    return lines.slice(at + 1).flatMap((line, i) => {
      if (line === "") return [];
      const cells = parseCsv(line, ";")[0]!;
      if (cells.length !== names.length) return [];
      return [
        { file, line: at + 2 + i, row: Object.fromEntries(names.map((n, j) => [n, cells[j]!.trim()])) },
      ];
    });
  };

  /** Truth: a file line's person (lines the loader quarantines for an invalid national ID left out), a key's. */
  const truthRecords = () => {
    const [, ...records] = parseCsv(readFileSync(join(truth(), "records.csv"), "utf8"));
    // a line with an invalid national ID is quarantined by the loader, so it is no fact of the warehouse either
    const kept = records.filter((r) => !r[5]!.split("|").includes("invalid_id"));
    return {
      personOf: new Map(kept.map((r) => [`${r[0]}:${r[1]}`, r[4]!])),
      byKey: new Map(kept.map((r) => [`${r[2]}:${r[3]!.split(":")[0]}`, r[4]!])),
    };
  };

  /**
   * The audience built as `slm audience build` does (and its export counted), and whom it resolved as truth persons,
   * by the Ladok and alumni records identity put in each resolved person.
   */
  const resolveAsTruth = async (name: string) => {
    const audience = readAudience(project.dir, name);
    const result = await audienceBuild(loaded, name, { out: join(project.dir, `${name}.csv`) });
    const { byKey } = truthRecords();
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"));
    try {
      const key = readSecret(join(project.dir, "data", ".secret"));
      await registerModelFunctions(warehouse, {
        key,
        config: loaded.config,
        referenceDate: result.reference_date,
      });
      const built = await buildAudience(warehouse, audience, {
        plannedAt: result.planned_at,
        campaign: null,
        outreach: loaded.config.outreach,
        retention: loaded.config.retention,
        today: "2026-12-06",
      });
      expect(built.exported).toBe(result.exported);
      const keys = await warehouse.all<{ person: string; kind: string; key: string }>(
        `SELECT r.person_id::VARCHAR AS person, 'ladok_examen' AS kind, d.ladok_uid AS key
           FROM identity.person_registry AS r
           JOIN (SELECT DISTINCT ladok_uid FROM raw.ladok__degrees) AS d
             ON r.record_id = 'ladok:' || system_key('ladok', d.ladok_uid)
         UNION ALL
         SELECT r.person_id::VARCHAR, 'alumni_members', m.member_id
           FROM identity.person_registry AS r
           JOIN (SELECT DISTINCT member_id FROM raw.alumni__members) AS m
             ON r.record_id = 'alumni:' || system_key('alumni', m.member_id)`,
      );
      const truthPersons = new Map<string, Set<string>>();
      for (const k of keys) {
        const person = byKey.get(`${k.kind}:${k.key}`);
        if (person) truthPersons.set(k.person, (truthPersons.get(k.person) ?? new Set()).add(person));
      }
      const resolved = [
        ...new Set(built.recipients.flatMap((r) => [...(truthPersons.get(r.person_id) ?? [])])),
      ].sort();
      return { audience, result, built, resolved };
    } finally {
      warehouse.close();
    }
  };

  /** Truth person -> employer and sector: the alumni workbook's, else the LinkedIn connections' company. */
  const truthJobs = async () => {
    const { personOf } = truthRecords();
    const jobs = new Map<string, { employer: string; sector: string; year: number }>();
    const file = readdirSync(inbox()).find((name) => name.startsWith("alumni_members"))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(inbox(), file));
    const sheet = workbook.worksheets[0]!;
    const names = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.eachRow((row, n) => {
      const values = row.values as unknown[];
      const cell = (name: string) => values[names.indexOf(name)];
      const person = personOf.get(`${file}:${n}`);
      const employer = String(cell("Employer") ?? "").trim();
      if (n === 1 || !person || employer === "") return;
      const year = Number(cell("GraduationYear") ?? 0);
      if ((jobs.get(person)?.year ?? -1) < year)
        jobs.set(person, { employer, sector: String(cell("Sector") ?? "").trim(), year });
    });
    const linkedin = readdirSync(inbox()).find((name) => name.startsWith("linkedin_connections"))!;
    const lines = readFileSync(join(inbox(), linkedin), "utf8").split("\n");
    const at = lines.findIndex((line) => line.startsWith("First Name,"));
    const table = parseCsv(lines.slice(at).join("\n"));
    const col = (name: string) => table[0]!.indexOf(name);
    const newest = new Map<string, { company: string; on: number }>();
    table.slice(1).forEach((cells, i) => {
      const person = personOf.get(`${linkedin}:${at + 2 + i}`);
      const company = (cells[col("Company")] ?? "").trim();
      const on = Date.parse(cells[col("Connected On")] ?? "");
      if (!person || company === "" || jobs.has(person)) return;
      if ((newest.get(person)?.on ?? -1) < on) newest.set(person, { company, on });
    });
    for (const [person, { company }] of newest) jobs.set(person, { employer: company, sector: "", year: 0 });
    return jobs;
  };

  it("resolves exactly the truth's recent graduates who have not applied to the follow-on", async () => {
    const { audience, result, built, resolved } = await resolveAsTruth("masters-prospects");
    const programmes = new Set(audience.who.graduated!.programme!);
    const followOn = new Set(audience.who.not_applied_to!);
    const reference = result.reference_date;
    const [y, m, d] = reference.split("-").map(Number) as [number, number, number];
    const from = `${y - audience.who.graduated!.within_years}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const { personOf } = truthRecords();
    const graduates = new Set<string>();
    const applied = new Set<string>();
    for (const { file, line, row } of report("ladok_examen", "Ladok-UID;")) {
      const person = personOf.get(`${file}:${line}`);
      const on = row.Examensdatum!;
      if (!person || !/^\d{4}-\d{2}-\d{2}$/.test(on)) continue;
      if (followOn.has(row.Programkod!) && on <= reference) applied.add(person);
      if (programmes.has(row.Programkod!) && on >= from && on <= reference) graduates.add(person);
    }
    for (const { file, line, row } of report("nya_antagning", "Antagningsomg")) {
      const person = personOf.get(`${file}:${line}`);
      if (person && followOn.has(row.Programkod!) && row["Anmälningsdatum"]! <= reference)
        applied.add(person);
    }
    const expected = [...graduates].filter((p) => !applied.has(p)).sort();
    expect(expected.length).toBeGreaterThan(10);
    expect(resolved).toEqual(expected);
    expect(built.resolved).toBe(expected.length);
  });

  it("resolves exactly the truth's guest lecturers and internship hosts, exported with employer and sector", async () => {
    const { personOf } = truthRecords();
    const file = readdirSync(inbox()).find((name) => name.startsWith("alumni_engagements"))!;
    const [header, ...rows] = parseCsv(readFileSync(join(inbox(), file), "utf8"));
    const col = (name: string) => header!.indexOf(name);
    for (const [name, type] of [
      ["guest-lecturers", "guest_lecture"],
      ["internship-hosts", "internship_offer"],
    ] as const) {
      const { result, built, resolved } = await resolveAsTruth(name);
      const expected = new Set<string>();
      rows.forEach((cells, i) => {
        const person = personOf.get(`${file}:${i + 2}`);
        const on = cells[col("Date")] ?? "";
        if (
          person &&
          cells[col("Type")] === type &&
          /^\d{4}-\d{2}-\d{2}$/.test(on) &&
          on <= result.reference_date
        )
          expected.add(person);
      });
      expect(expected.size).toBeGreaterThan(10);
      expect(resolved).toEqual([...expected].sort());
      expect(built.resolved).toBe(expected.size);
      const exported = parseCsv(readFileSync(join(project.dir, `${name}.csv`), "utf8"));
      expect(exported[0]).toEqual([
        "contact_id",
        "first_name",
        "last_name",
        "email",
        "language",
        "programme",
        "employer",
        "sector",
      ]);
      // each exported alumnus's employer and sector are the truth's: their alumni record's (the latest graduation
      // that names one), else their LinkedIn connection's company, with no sector
      const jobs = await truthJobs();
      const { byKey } = truthRecords();
      const got = exported.slice(1).map((r) => [r[0], r[6], r[7]]);
      const want = exported.slice(1).map((r) => {
        const job = jobs.get(byKey.get(`crm_contacts:${r[0]}`)!);
        return [r[0], job?.employer ?? "", job?.sector ?? ""];
      });
      expect(got.filter((r) => r[1] !== "").length).toBeGreaterThan(got.length / 2);
      expect(got).toEqual(want);
    }
  });
});
