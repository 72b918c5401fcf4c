import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slm, tempProject } from "../helpers/project.ts";
import { LoaderBench, registrationsProfile } from "../loaders/harness.ts";

/**
 * Names and values that would end the quoted identifier or literal they sit in and run their own SQL if
 * slm ever spliced them into SQL text: both quote kinds, a statement break and a comment.
 */
const HOSTILE = `x"'); DROP TABLE raw.crm; --`;
const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

describe("SQL safety: hostile names from profiles, files, config and arguments stay data", () => {
  let bench: LoaderBench;
  beforeAll(async () => {
    bench = await LoaderBench.open();
    await bench.warehouse.run("CREATE TABLE raw.crm AS SELECT 1 AS sentinel");
  });
  afterAll(() => bench.close());

  async function sentinelIntact(): Promise<void> {
    expect(await bench.warehouse.scalar<number>("SELECT sum(sentinel)::INTEGER FROM raw.crm")).toBe(1);
  }

  it("a hostile export header mapped by a profile, a hostile file name and hostile values load as data", async () => {
    const profile = registrationsProfile(
      {},
      {
        columns: {
          [HOSTILE]: "student_key",
          course: "course_code",
          term: "term",
          registered: "registered_on",
          day: "registered_day",
          credits: "credits",
        },
        values: { course_code: { C9: HOSTILE } },
      },
    );
    const name = `${HOSTILE.replaceAll("/", "_")}.csv`;
    const file = bench.write(
      name,
      `${csvCell(HOSTILE)},course,term,registered,day,credits\n${csvCell(HOSTILE)},C9,HT25,2025-08-30,-3,7.5\n`,
    );
    const result = await bench.ingestOne(file, profile);
    expect(result).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 0 });
    expect(
      await bench.warehouse.one(
        "SELECT student_key, course_code FROM raw.records__course_registrations WHERE _file_id = $1",
        [result.fileId],
      ),
    ).toEqual({ student_key: HOSTILE, course_code: HOSTILE });
    expect(
      await bench.warehouse.scalar("SELECT file_name FROM meta.load_manifest WHERE file_id = $1", [
        result.fileId,
      ]),
    ).toBe(name);
    await sentinelIntact();
  });

  it("a hostile value in a rejected line is quarantined as data", async () => {
    const file = bench.write(
      "hostile-bad.csv",
      `student,course,term,registered,day,credits\nS1,C1,HT25,2025-08-30,-3,${csvCell(HOSTILE)}\n`,
    );
    const result = await bench.ingestOne(file, registrationsProfile());
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 2, column_name: "credits", value: HOSTILE, reason: "bad_decimal" },
    ]);
    await sentinelIntact();
  });

  it("a hostile strptime format in a profile is a value, not SQL", async () => {
    const profile = registrationsProfile(
      {},
      { formats: { registered_on: `%Y-%m-%d'); DROP TABLE raw.crm; --` } },
    );
    const file = bench.write(
      "hostile-format.csv",
      "student,course,term,registered,day,credits\nS1,C1,HT25,2025-08-30,-3,7.5\n",
    );
    const result = await bench.ingestOne(file, profile);
    expect(result.rowsLoaded + result.rowsQuarantined).toBe(1);
    await sentinelIntact();
  });
});

describe("SQL safety through the slm command: config values and arguments", { timeout: 120_000 }, () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject("slm-sql-");
    // Paths with both quote kinds reach COPY ... TO '<path>' and DuckDB's file open.
    writeFileSync(
      join(project.dir, "slm.config.json"),
      JSON.stringify({
        institution: { interimIssuer: HOSTILE },
        paths: { warehouse: `data/w'"; --.duckdb`, publish: `data/pub'); DROP TABLE raw.crm; --` },
      }),
    );
    expect(slm(project.dir, ["init", "--if-missing"]).code).toBe(0);
    expect(
      slm(project.dir, ["demo", "generate", "--persons", "30", "--years", "1", "--seed", "4"]).code,
    ).toBe(0);
  });
  afterAll(() => project.remove());

  it("hostile paths and an issuer code in the config: ingest and run work and write where configured", () => {
    const ingest = slm(project.dir, ["ingest"]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = slm(project.dir, ["run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(project.dir, "data", `w'"; --.duckdb`))).toBe(true);
    const manifest = JSON.parse(
      readFileSync(join(project.dir, "data", `pub'); DROP TABLE raw.crm; --`, "_manifest.json"), "utf8"),
    ) as { tables: unknown[] };
    expect(manifest.tables.length).toBeGreaterThan(3);
  });

  it("hostile command-line arguments are looked up as values and refused by name", () => {
    const person = slm(project.dir, ["person", HOSTILE]);
    expect(person.code).toBe(1);
    expect(person.stderr).not.toMatch(/Parser Error|syntax error/i);
    const profile = slm(project.dir, ["ingest", "--profile", HOSTILE, join(project.dir, "data", "inbox")]);
    expect(profile.code).toBe(1);
    expect(profile.stderr).toContain(`unknown profile "${HOSTILE}"`);
    const status = slm(project.dir, ["status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(status.stdout))).toMatch(/crm/);
  });
});
