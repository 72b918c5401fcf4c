import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audienceBuild } from "../../app/audience-build.ts";
import { erase } from "../../app/erase.ts";
import { ingest } from "../../app/ingest.ts";
import { run } from "../../app/run.ts";
import { generateDemo } from "../../demo/generate.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { type LoadedConfig, loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret, readSecret } from "../../warehouse/secret.ts";
import { tempProject } from "../helpers/project.ts";
import { plantedIdentifiers } from "../helpers/truth.ts";
import { parseCsv, type TruthQuestion, truthAudience } from "./audience-truth.ts";

const INTAKE = "HT2026";
const AO = "Admissions Office";
// the faculties mail on the 10th: an admissions send that morning collides with many of them
const PLANNED_AT = "2026-04-10 10:00:00";

/** The CSV an audience build wrote, as objects keyed by its header. */
function readExport(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  return rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])));
}

describe("slm audience build on the demo, against the planted truth", () => {
  const project = tempProject("slm-audience-");
  let loaded: LoadedConfig;
  let programme = "";
  const question = (): TruthQuestion => ({
    programme,
    intake: INTAKE,
    department: AO,
    plannedAt: PLANNED_AT,
    cap7: loaded.config.outreach.capPer7Days,
    cap30: loaded.config.outreach.capPer30Days,
    collisionHours: loaded.config.outreach.collisionHours,
    languages: { SE: "sv", NL: "nl" },
    defaultLanguage: "en",
  });
  const out = (name: string) => join(project.dir, name);
  /** Which CRM contacts identity made one person (contact id -> person id): the pieces the truth is judged in. */
  let pieces = new Map<string, string>();
  const truthFor = (q: TruthQuestion) => truthAudience(project.dir, q, pieces);

  beforeAll(async () => {
    await generateDemo({
      persons: 2000,
      seed: 5,
      years: 2,
      country: "se",
      out: join(project.dir, "data", "inbox"),
      truthOut: join(project.dir, "data", "truth"),
    });
    writeFileSync(join(project.dir, "slm.config.json"), "{}\n");
    createSecret(join(project.dir, "data", ".secret"));
    loaded = loadConfig(project.dir);
    await ingest(loaded);
    await run(loaded);
    // the programme with most of the truth's HT2026 inquirers without an open-day registration
    const [header, ...rows] = parseCsv(
      readFileSync(join(project.dir, "data", "truth", "persons.csv"), "utf8"),
    );
    const col = (name: string) => header!.indexOf(name);
    const counts = new Map<string, number>();
    for (const row of rows)
      if (
        row[col("intake")] === INTAKE &&
        row[col("inquired")] === "1" &&
        row[col("open_day_registered")] === "0"
      )
        counts.set(row[col("programme")]!, (counts.get(row[col("programme")]!) ?? 0) + 1);
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    try {
      const key = readSecret(join(project.dir, "data", ".secret"));
      await registerModelFunctions(warehouse, { key, config: loaded.config, referenceDate: "2026-10-01" });
      const rows = await warehouse.all<{ contact: string; person: string }>(
        `SELECT DISTINCT c.contact_id AS contact, r.person_id::VARCHAR AS person
           FROM raw.crm__contacts AS c
           JOIN identity.person_registry AS r ON r.record_id = 'crm:' || system_key('crm', c.contact_id)`,
      );
      pieces = new Map(rows.map((row) => [row.contact, row.person]));
    } finally {
      warehouse.close();
    }
    programme = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    mkdirSync(join(project.dir, "audiences"));
    writeFileSync(
      join(project.dir, "audiences", "no-open-day.json"),
      JSON.stringify({
        name: "no-open-day",
        purpose: "marketing",
        department: AO,
        who: {
          reached: ["inquiry"],
          not_reached: ["open_day_registered"],
          programme: [programme],
          intake: [INTAKE],
        },
        columns: ["programme", "intake"],
        languages: { SE: "sv", NL: "nl" },
      }),
    );
  }, 600_000);
  afterAll(() => project.remove());

  it("exports, row for row, the truth's inquirers without an open day, less those it may not mail, counted alike", async () => {
    const result = await audienceBuild(loaded, "no-open-day", { out: out("list.csv"), date: PLANNED_AT });
    const expected = truthFor(question());
    // a list worth the name, and every kind of removal the demo plants
    expect(expected.rows.length).toBeGreaterThan(5);
    expect(expected.removed.no_valid_consent).toBeGreaterThan(0);
    expect(expected.removed.collision).toBeGreaterThan(0);
    expect(readExport(out("list.csv"))).toEqual(expected.rows);
    expect({ resolved: result.resolved, removed: result.removed }).toEqual({
      resolved: expected.resolved,
      removed: expected.removed,
    });
    const summary = JSON.parse(readFileSync(out("list.csv.summary.json"), "utf8"));
    expect(summary).toMatchObject({
      audience: "no-open-day",
      exported: expected.rows.length,
      removed: expected.removed,
    });
  });

  it("a lower cap removes more, and still as the truth's rule says", async () => {
    const strict = {
      ...loaded,
      config: { ...loaded.config, outreach: { ...loaded.config.outreach, capPer30Days: 2 } },
    };
    const before = await audienceBuild(loaded, "no-open-day", { date: PLANNED_AT });
    const result = await audienceBuild(strict, "no-open-day", { out: out("strict.csv"), date: PLANNED_AT });
    expect(result.removed.over_cap).toBeGreaterThan(before.removed.over_cap);
    expect(result.exported).toBeLessThan(before.exported);
    const expected = truthFor({ ...question(), cap30: 2 });
    expect(readExport(out("strict.csv"))).toEqual(expected.rows);
    expect(result.removed).toEqual(expected.removed);
  });

  it("every build writes an audit entry with counts and no personal value", async () => {
    await audienceBuild(loaded, "no-open-day", { date: PLANNED_AT });
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    let entries: { command: string; detail: string }[];
    try {
      entries = await warehouse.all<{ command: string; detail: string }>(
        "SELECT command, detail::VARCHAR AS detail FROM meta.audit_log WHERE command LIKE 'audience%' ORDER BY 1",
      );
    } finally {
      warehouse.close();
    }
    // one per build so far in this file (4), each naming the audience and its counts
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const planted = plantedIdentifiers(join(project.dir, "data", "truth"));
    const exported = readExport(out("list.csv")).flatMap((row) => [
      row.email!,
      row.first_name!,
      row.contact_id!,
    ]);
    for (const { detail } of entries) {
      expect(JSON.parse(detail)).toMatchObject({ audience: "no-open-day" });
      const text = detail.toLowerCase();
      for (const value of [...planted].filter((v) => v.length > 5)) expect(text).not.toContain(value);
      for (const value of exported) expect(text).not.toContain(value.toLowerCase());
    }
  });

  it("an erased person, a withdrawn consent and expired contact details never appear in any audience", async () => {
    const [erased, withdrawn, expired] = readExport(out("list.csv"));
    // erased: slm erase by the e-mail address
    await erase(loaded, erased!.email!);
    // withdrawn: the next consents extract has the person's marketing consent withdrawn before the send
    const inbox = join(project.dir, "data", "inbox");
    const [header, ...consents] = parseCsv(readFileSync(join(inbox, "crm_consents_2026-10-01.csv"), "utf8"));
    const col = (name: string) => header!.indexOf(name);
    const theirs = consents.filter(
      (c) => c[col("ContactId")] === withdrawn!.contact_id && c[col("Purpose")] === "marketing",
    );
    expect(theirs.length).toBeGreaterThan(0);
    for (const c of theirs) c[col("WithdrawnAt")] = "2026-04-10 09:59:00";
    writeFileSync(
      join(inbox, "crm_consents_2026-10-02.csv"),
      `\uFEFF${[header!, ...theirs].map((cells) => cells.join(",")).join("\r\n")}\r\n`,
    );
    await ingest(loaded);
    await run(loaded);
    // expired: contact details kept for fewer days than the third person's contact has been unchanged
    const [cHeader, ...contacts] = parseCsv(readFileSync(join(inbox, "crm_contacts_2026-10-01.csv"), "utf8"));
    const theirContact = contacts.find((c) => c[cHeader!.indexOf("ContactId")] === expired!.contact_id)!;
    const changed =
      theirContact[cHeader!.indexOf("ModifiedAt")] || theirContact[cHeader!.indexOf("CreatedAt")]!;
    const days = Math.floor((Date.now() - Date.parse(`${changed.replace(" ", "T")}Z`)) / 86_400_000) - 1;
    const keeping = {
      ...loaded,
      config: {
        ...loaded.config,
        retention: { ...loaded.config.retention, categories: { contact_details: days } },
      },
    };
    writeFileSync(
      join(project.dir, "audiences", "all-inquirers.json"),
      JSON.stringify({
        name: "all-inquirers",
        purpose: "marketing",
        department: AO,
        who: { reached: ["inquiry"] },
      }),
    );
    for (const name of ["no-open-day", "all-inquirers"]) {
      const result = await audienceBuild(keeping, name, { out: out(`${name}-after.csv`), date: PLANNED_AT });
      const ids = readExport(out(`${name}-after.csv`)).map((row) => row.contact_id);
      expect(ids.length).toBeGreaterThan(0);
      for (const person of [erased!, withdrawn!, expired!]) expect(ids).not.toContain(person.contact_id);
      expect(readFileSync(out(`${name}-after.csv`), "utf8")).not.toContain(erased!.email!);
      expect(result.removed.retention_expired).toBeGreaterThan(0);
    }
  }, 600_000);
});
