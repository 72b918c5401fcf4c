import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CalendarError } from "../../../pipelines/calendar/check-intakes.ts";
import type { ConfigInput } from "../../../warehouse/config.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { slm, tempProject } from "../../helpers/project.ts";
import { application, runUpTo } from "../core/lifecycle-fixtures.ts";

/** The file the literal rows (file 1) came from, as ingest records it. */
async function manifest(w: Warehouse, fileName: string) {
  await w.run(
    `INSERT INTO meta.load_manifest VALUES (1, 'sha', $1, $1, 1, 'nya', 'applications', 'raw.nya__applications',
       'demo-nya-applications', 1, 1, 0, now(), now())`,
    [fileName],
  );
}

async function runWith(calendar: ConfigInput["calendar"], rows: (w: Warehouse) => Promise<void>) {
  const w = await modelWarehouse(calendar ? { calendar } : {});
  opened.push(w);
  await manifest(w, "nya_antagning_2025-05-01.csv");
  await rows(w);
  await runUpTo(w, ["core.fct_lifecycle_events"]);
  return w;
}

const opened: Warehouse[] = [];
afterEach(() => {
  for (const w of opened.splice(0)) w.close();
});

describe("slm run checks the staging intakes against the institution calendar before the core models", () => {
  it("names an intake the calendar lacks, the file it came from and the key to add, in one line", async () => {
    const run = runWith(undefined, async (w) => {
      await application(w, { person: "Ann", round: "2025-K", urval1: "Antagen" });
      await application(w, { person: "Bo", round: "2025-L" });
    });
    const error = await run.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as Error).message).toBe(
      'intake "2025-K" (nya_antagning_2025-05-01.csv, column admission_round, read by staging.stg_nya__applications) is not in the institution calendar: add calendar.intakes."2025-K" to slm.config.json (and 1 more)',
    );
  });

  it("dates an explicit intake's selection on its own rounds once the calendar has it", async () => {
    const w = await runWith(
      {
        intakes: { "2025-K": { system: "se", deadline: "2025-03-31", rounds: { "urval 1": "2025-06-02" } } },
      },
      (w) => application(w, { person: "Ann", round: "2025-K", on: "2025-03-01", urval1: "Antagen" }),
    );
    expect(
      await w.all(
        "SELECT stage, event_date::VARCHAR AS on, intake, country FROM core.fct_lifecycle_events ORDER BY stage_order",
      ),
    ).toEqual([
      { stage: "application", on: "2025-03-01", intake: "2025-K", country: "se" },
      { stage: "eligible", on: "2025-06-02", intake: "2025-K", country: "se" },
      { stage: "admitted", on: "2025-06-02", intake: "2025-K", country: "se" },
    ]);
  });

  it("names a round the intake's rows are dated by and the calendar lacks", async () => {
    const run = runWith(
      {
        intakes: { "2025-K": { system: "se", deadline: "2025-03-31", rounds: { "urval 1": "2025-06-02" } } },
      },
      (w) => application(w, { person: "Ann", round: "2025-K", urval1: "Reserv", urval2: "Antagen" }),
    );
    await expect(run).rejects.toThrow(
      'intake "2025-K" (nya_antagning_2025-05-01.csv, column admission_round, read by staging.stg_nya__applications) has no date for its round "urval 2" in the institution calendar: add calendar.intakes."2025-K".rounds."urval 2" to slm.config.json',
    );
  });
});

describe("slm run with an intake the calendar lacks", () => {
  const project = tempProject();
  beforeAll(() => {
    expect(slm(project.dir, ["init"]).code).toBe(0);
    const header =
      "Antagningsomgång;Anmälningskod;Programkod;Programnamn;SökandeId;Personnummer;Förnamn;Efternamn;Födelsedatum;Kön;E-post;Medborgarskap;Prioritet;Urvalsgrupp;Meritvärde;Status;Anmälningsdatum;Urval 1;Reservplats 1;Urval 2;Reservplats 2;Antagningsbesked;Svar;Svarsdatum;Betalningsskyldig";
    const row =
      "Spring 2026 main;K-1;PROGA;Programme A;A1;;Ann;Test;2006-03-03;K;ann@example.org;SE;1;BI;15,2;Anmäld;2025-11-02;;;;;;;;Nej";
    mkdirSync(join(project.dir, "exports"));
    writeFileSync(
      join(project.dir, "exports", "nya_antagning_2025-11-30.csv"),
      Buffer.from(`${header}\r\n${row}\r\nTotalt;1\r\n`, "latin1"),
    );
  });
  afterAll(() => project.remove());

  it("exits non-zero with one line on stderr naming the value, the file and the key to add", () => {
    const ingest = slm(project.dir, ["ingest", "exports/nya_antagning_2025-11-30.csv"]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = slm(project.dir, ["run"]);
    expect(run.code).toBe(1);
    // (the lines before it are the staging models' progress)
    expect(run.stderr.split("\n").filter((line) => line.startsWith("slm:"))).toEqual([
      'slm: intake "SPRING 2026 MAIN" (nya_antagning_2025-11-30.csv, column admission_round, read by staging.stg_nya__applications) is not in the institution calendar: add calendar.intakes."SPRING 2026 MAIN" to slm.config.json',
    ]);
    // after staging, before any core model
    expect(run.stderr).toMatch(/staging\.stg_nya__applications: 1 rows/);
    expect(run.stderr).not.toMatch(/ (identity|core|marts)\./);
  });

  it("runs once the key is added, as the user wrote the label", () => {
    const file = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.calendar = { intakes: { "Spring 2026 main": { system: "se", deadline: "2025-11-30" } } };
    writeFileSync(file, JSON.stringify(config));
    const run = slm(project.dir, ["run"]);
    expect(run.code, run.stderr).toBe(0);
  });
});
