import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { crmCsv, slm, tempProject } from "../helpers/project.ts";

/** `count` inquirers on one day, each a person of their own (own name and e-mail). */
function inquiries(prefix: string, date: string, count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [
    `${prefix}${i}`,
    `C${prefix}${i}`,
    "inquiry",
    `${date} 10:00:00`,
    "web_form",
    "",
    "SYSVK",
    "Test",
    `${prefix}Person${i}`,
    `${prefix.toLowerCase()}${i}@example.se`,
    "",
    "SE",
    "",
  ]);
}

interface Progress {
  intake: string;
  stage: string;
  weeks_to_deadline: number;
  persons: number | null;
}

// The clock is whatever day the test runs (after 2026-10-01: the point is that it cannot be set); the data
// stop at the extract's date. SLM_REFERENCE_DATE is emptied so that a value in the runner's environment
// does not decide for the test.
const NO_ENV = { SLM_REFERENCE_DATE: "" };

describe("the reference date", () => {
  let project: ReturnType<typeof tempProject>;
  const manifest = () =>
    JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
  const setConfig = (referenceDate: string | undefined) => {
    const file = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.referenceDate = referenceDate;
    writeFileSync(file, JSON.stringify(config, null, 2));
  };
  beforeAll(() => {
    project = tempProject();
    expect(slm(project.dir, ["init"]).code).toBe(0);
  });
  afterAll(() => project.remove());

  it("is the clock's day when no extract is loaded, and the run says so", () => {
    const run = slm(project.dir, ["run"], NO_ENV);
    expect(run.code, run.stderr).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(manifest()).toMatchObject({ as_of: today, as_of_source: "clock" });
    expect(run.stderr).toContain(`reference date ${today} (today's date: no extract is loaded)`);
  });

  it("is the newest extract's date, so a cycle loaded up to that day shows no drop against the last", () => {
    // VT2027's deadline is 15 October 2026, VT2026's 15 October 2025 (calendar defaults). The extract of
    // 1 October 2026 holds 30 VT2027 inquirers by 1 September, and the previous cycle's 30 by 1 September
    // and 30 more on 10 October 2025. As of the clock's day (after 15 October 2026) VT2027 would stand at
    // 30 against VT2026's 60: a drop of half that is only the weeks not loaded yet.
    const csv = join(project.dir, "crm_form_submissions_2026-10-01.csv");
    writeFileSync(
      csv,
      crmCsv([
        ...inquiries("A", "2025-09-01", 30),
        ...inquiries("B", "2025-10-10", 30),
        ...inquiries("N", "2026-09-01", 30),
      ]),
    );
    expect(slm(project.dir, ["ingest", csv]).code).toBe(0);
    const run = slm(project.dir, ["run", "--json"], NO_ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).reference_date).toEqual({ date: "2026-10-01", source: "newest_extract" });
    expect(run.stderr).toContain("reference date 2026-10-01 (the date of the newest loaded extract)");
    expect(manifest()).toMatchObject({ as_of: "2026-10-01", as_of_source: "newest_extract" });

    const progress: Progress[] = JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "pub_cycle_progress.json"), "utf8"),
    );
    const inquirers = (intake: string) =>
      progress.filter((d) => d.intake === intake && d.stage === "inquiry" && d.persons !== null);
    // the latest week VT2027 is known for: 1 October 2026 is 14 days before its deadline, week 2
    const latest = Math.min(...inquirers("VT2027").map((d) => d.weeks_to_deadline));
    expect(latest).toBe(2);
    const at = (intake: string) => inquirers(intake).find((d) => d.weeks_to_deadline === latest)?.persons;
    expect([at("VT2027"), at("VT2026")]).toEqual([30, 30]);
  });

  it("takes the configuration's referenceDate over the newest extract", () => {
    setConfig("2026-09-20");
    const run = slm(project.dir, ["run"], NO_ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(manifest()).toMatchObject({ as_of: "2026-09-20", as_of_source: "config" });
    expect(run.stderr).toContain("reference date 2026-09-20 (from referenceDate in the configuration)");
  });

  it("takes SLM_REFERENCE_DATE over the configuration, and --as-of over both", () => {
    const env = slm(project.dir, ["run"], { SLM_REFERENCE_DATE: "2026-09-25" });
    expect(env.code, env.stderr).toBe(0);
    expect(manifest()).toMatchObject({ as_of: "2026-09-25", as_of_source: "env" });
    const flag = slm(project.dir, ["run", "--as-of", "2026-09-28"], { SLM_REFERENCE_DATE: "2026-09-25" });
    expect(flag.code, flag.stderr).toBe(0);
    expect(manifest()).toMatchObject({ as_of: "2026-09-28", as_of_source: "flag" });
    expect(flag.stderr).toContain("reference date 2026-09-28 (from --as-of)");
  });

  it("refuses a date that is not one in a line naming the option and the fix", () => {
    expect(slm(project.dir, ["run", "--as-of", "2026-02-30"], NO_ENV)).toMatchObject({
      code: 1,
      stderr:
        'slm: --as-of: expected a date written YYYY-MM-DD, such as "2026-10-01", got "2026-02-30"; write it as --as-of 2026-10-01\n',
    });
    expect(slm(project.dir, ["run"], { SLM_REFERENCE_DATE: "1/10/2026" })).toMatchObject({
      code: 1,
      stderr:
        'slm: SLM_REFERENCE_DATE: expected a date written YYYY-MM-DD, such as "2026-10-01", got "1/10/2026"; set it as SLM_REFERENCE_DATE=2026-10-01, or unset it\n',
    });
    setConfig("2026-10-1");
    const config = slm(project.dir, ["run"], NO_ENV);
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(
      /^slm: .*slm\.config\.json: referenceDate: expected a date written YYYY-MM-DD/,
    );
    expect(config.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("the reference date of extracts whose names carry no date", () => {
  const project = tempProject();
  afterAll(() => project.remove());
  const manifest = () =>
    JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));

  it("is the day the newest was loaded, and stays so for a later run that loads nothing", async () => {
    expect(slm(project.dir, ["init"]).code).toBe(0);
    // "export" matches the CRM profile's crm_form_submissions_*.csv and holds no date
    const csv = join(project.dir, "crm_form_submissions_export.csv");
    writeFileSync(csv, crmCsv(inquiries("U", "2026-09-01", 3)));
    expect(slm(project.dir, ["ingest", csv]).code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const first = slm(project.dir, ["run", "--json"], NO_ENV);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).reference_date).toEqual({ date: today, source: "newest_load" });
    expect(manifest()).toMatchObject({ as_of: today, as_of_source: "newest_load" });
    // A month later, nothing new loaded: the figures stay as of the load (the clock would move them).
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"));
    try {
      await warehouse.run(
        "UPDATE meta.load_manifest SET started_at = TIMESTAMPTZ '2026-11-03 09:00:00+00', finished_at = TIMESTAMPTZ '2026-11-03 09:00:05+00'",
      );
    } finally {
      warehouse.close();
    }
    const later = slm(project.dir, ["run"], NO_ENV);
    expect(later.code, later.stderr).toBe(0);
    expect(manifest()).toMatchObject({ as_of: "2026-11-03", as_of_source: "newest_load" });
    expect(later.stderr).toContain(
      "reference date 2026-11-03 (the day the newest extract was loaded: no loaded extract carries a date in its file name)",
    );
  });
});
