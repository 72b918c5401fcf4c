import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdLock } from "../helpers/lock.ts";
import { crmCsv, FIXTURES, slm, tempProject } from "../helpers/project.ts";

const FIXTURE = join(FIXTURES, "crm", "crm_form_submissions_2026-02-06.csv");

describe("slm command line", () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project.remove());

  it("lists its commands in --help, and every command has --help", () => {
    const help = slm(project.dir, ["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["init", "demo", "ingest", "run", "status", "forecast", "site"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
      const sub = slm(project.dir, [command, "--help"]);
      expect(sub.code, command).toBe(0);
      expect(sub.stdout).toContain(`Usage: slm ${command}`);
    }
    expect(slm(project.dir, ["site", "build", "--help"]).stdout).toContain("Usage: slm site build");
    expect(slm(project.dir, ["demo", "generate", "--help"]).stdout).toContain("--seed <n>");
  });

  it("answers a wrong option or command with one line on stderr and a non-zero exit", () => {
    for (const args of [["ingest", "--bogus"], ["frobnicate"], ["status", "--json", "extra"]]) {
      const result = slm(project.dir, args);
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr).toMatch(/^slm: /);
    }
  });

  it("init writes the config and key once and refuses to overwrite them", () => {
    const first = slm(project.dir, ["init"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(join(project.dir, "slm.config.json"), "utf8")).paths.warehouse).toBe(
      "data/warehouse.duckdb",
    );
    const key = readFileSync(join(project.dir, "data", ".secret"), "utf8");
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    // the folder the institution's own profiles go in (paths.profiles)
    expect(statSync(join(project.dir, "profiles")).isDirectory()).toBe(true);
    const again = slm(project.dir, ["init"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("slm: slm.config.json already exists; refusing to overwrite it\n");
    expect(readFileSync(join(project.dir, "data", ".secret"), "utf8")).toBe(key);
  });

  it("reports a missing file in one line without touching the warehouse", () => {
    const result = slm(project.dir, ["ingest", "no/such/file.csv"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("slm: no/such/file.csv: no such file or directory\n");
    expect(existsSync(join(project.dir, "data", "warehouse.duckdb"))).toBe(false);
  });

  it("ingests a file once, runs the models, publishes and reports status as JSON", () => {
    const first = slm(project.dir, ["ingest", FIXTURE, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)[0]).toMatchObject({
      status: "loaded",
      rowsLoaded: 4,
      rowsQuarantined: 5,
    });
    const second = slm(project.dir, ["ingest", FIXTURE, "--json"]);
    expect(JSON.parse(second.stdout)[0]).toMatchObject({ status: "skipped", rowsLoaded: 0 });
    expect(second.stderr).toMatch(/skipped: already loaded as file 1/);
    const run = slm(project.dir, ["run", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).published.map((p: { table: string }) => p.table)).toContain(
      "pub_inquiries_by_month_channel",
    );
    expect(existsSync(join(project.dir, "data", "publish", "pub_inquiries_by_month_channel.json"))).toBe(
      true,
    );
    const status = JSON.parse(slm(project.dir, ["status", "--json"]).stdout);
    expect(status.sources).toEqual([
      expect.objectContaining({
        source: "crm",
        entity: "form_submissions",
        files: 1,
        rows_loaded: 4,
        rows_quarantined: 5,
      }),
    ]);
    expect(status.last_run).toMatchObject({ status: "ok", models: JSON.parse(run.stdout).models.length });
  });

  it("shows one person's records and timeline locally, and audits the lookup without the value", () => {
    const found = slm(project.dir, ["person", "asa.lind@example.se", "--json"]);
    expect(found.code, found.stderr).toBe(0);
    const [view] = JSON.parse(found.stdout);
    expect(view.lookup).toBe("email");
    expect(view.records.map((r: { source: string }) => r.source)).toEqual(["crm"]);
    expect(JSON.stringify(view)).not.toContain("asa.lind");
    const missing = slm(project.dir, ["person", "nobody@example.org"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("slm: no person found for that value\n");
  });

  it("gives the clear lock message while another process writes, with exit code 75", async () => {
    const holder = await holdLock(join(project.dir, "data", "warehouse.duckdb"));
    try {
      for (const args of [["status"], ["run"]]) {
        const result = slm(project.dir, args);
        expect(result.code).toBe(75);
        expect(result.stderr).toMatch(
          new RegExp(
            `^slm: warehouse is in use by process ${holder.child.pid}; try again when it finishes \\(.*\\)\\n$`,
          ),
        );
      }
      const extra = join(project.dir, "crm_form_submissions_2026-03-01.csv");
      writeFileSync(
        extra,
        crmCsv([["S1", "C1", "inquiry", "2026-02-06 10:00:00", "fair", "", "", "", "", "", "", "", ""]]),
      );
      expect(slm(project.dir, ["ingest", extra]).code).toBe(75);
    } finally {
      await holder.release();
    }
    expect(slm(project.dir, ["status"]).code).toBe(0);
  });
});
