import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProfileSummary } from "../../app/profiles.ts";
import type { IngestResult } from "../../loaders/ingest.ts";
import type { CheckReport } from "../../loaders/profile-check.ts";
import { slm, tempProject } from "../helpers/project.ts";

/**
 * The project's own profiles folder as a user keeps it: a profile with a partial profile and a lookup
 * beside it, a profile with a mistake, a file that is not JSON, and a draft. Each process start costs a
 * second, so the checks share one project.
 */
describe("slm profile list / check / infer with the project's profiles", () => {
  let project: ReturnType<typeof tempProject>;
  let profiles: string;
  let data: string;
  const HEADER = "Stage;Application;Applicant;Programme;Applied;Fee";
  beforeAll(() => {
    project = tempProject("slm-cli-profiles-");
    profiles = join(project.dir, "profiles");
    data = join(project.dir, "exports");
    mkdirSync(profiles);
    mkdirSync(data);
    const json = (name: string, value: unknown) => writeFileSync(join(profiles, name), JSON.stringify(value));
    json("common-nordic.json", {
      csv: { delimiter: ";" },
      formats: { applied_on: "%Y-%m-%d %H:%M:%S" },
      booleans: { fee_paying: { true: ["Yes"], false: ["No"] } },
    });
    writeFileSync(join(profiles, "programmes-map.csv"), "old_code,new_code\nK1,KAND-1\nM2,MAST-2\n");
    json("nordic.json", {
      name: "nordic-applications",
      contract: "nya.applications",
      match: "hakemukset_*.csv",
      includes: ["common-nordic.json"],
      valuesFrom: { programme_code: { file: "programmes-map.csv", from: "old_code", to: "new_code" } },
      filter: [{ column: "Stage", equals: "Main" }],
      columns: {
        Application: "application_code",
        Applicant: "applicant_id",
        Programme: "programme_code",
        Applied: "applied_on",
        Fee: "fee_paying",
      },
    });
    json("typo.json", {
      name: "typo",
      contract: "nya.applications",
      match: "typo_*.csv",
      columns: { Application: "aplication_code", Applicant: "applicant_id" },
    });
    writeFileSync(join(profiles, "garbage.json"), "{ this is not json");
    writeFileSync(
      join(data, "hakemukset_2024.csv"),
      [
        HEADER,
        "Main;A1;H1;K1;2024-03-14 09:12:33;Yes",
        "Main;A2;H1;M2;2024-03-14 09:13:00;No",
        "Late;A3;H2;K1;2024-07-01 10:00:00;No",
        "Main;A4;H3;K1;2024-03-15;Maybe",
        "",
      ].join("\n"),
    );
    writeFileSync(join(data, "hakemukset_2023.csv"), `${HEADER}\nMain;A1;H1;K1;14.03.2023;Yes\n`);
    writeFileSync(join(data, "typo_2024.csv"), `${HEADER}\nMain;A1;H1;K1;2024-03-14 09:12:33;Yes\n`);
  });
  afterAll(() => project.remove());

  it("infer writes a draft that does not validate as <name>.draft.json, which nothing loads", () => {
    writeFileSync(join(data, "odd_2024.csv"), "Foo;Bar\n1;2\n3;4\n");
    const out = join(profiles, "odd.json");
    const result = slm(project.dir, [
      "profile",
      "infer",
      join(data, "odd_2024.csv"),
      "--contract",
      "nya.applications",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(JSON.parse(readFileSync(join(profiles, "odd.draft.json"), "utf8"))).toMatchObject({
      contract: "nya.applications",
    });
    expect(result.stderr).toMatch(/check: draft: columns: required field "application_code" is not mapped/);
    expect(result.stderr).toContain(
      `the draft does not validate yet (see check: above), so it is written to ${join(profiles, "odd.draft.json")}, which no command loads`,
    );
  });

  it("profile check of a draft that does not validate lists each problem on its own line, exit 1", () => {
    const result = slm(project.dir, [
      "profile",
      "check",
      join(data, "odd_2024.csv"),
      "--profile-file",
      join(profiles, "odd.draft.json"),
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((line) => line.includes('required field "') && !line.includes("\\n"))).toBe(true);
  });

  it("profile list works with broken profiles, marks them and lists the drafts", () => {
    const text = slm(project.dir, ["profile", "list"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^nordic-applications\s+nya\.applications\s+hakemukset_\*\.csv$/m);
    expect(text.stdout).toMatch(/^uci-dropout\s+records\.student_outcomes\s+data\.csv$/m);
    expect(text.stdout).toContain(
      "\nBROKEN (the files they match fail until fixed; every other file loads):\n",
    );
    expect(text.stdout).toContain(`  ${join(profiles, "garbage.json")}: not valid JSON: `);
    expect(text.stdout).toContain(
      `  ${join(profiles, "typo.json")}: columns.Application: "aplication_code" is not a field of nya.applications; columns: required field "application_code" is not mapped\n`,
    );
    expect(text.stdout).toContain(`  ${join(profiles, "odd.draft.json")}\n`);
    // The partial profile and the lookup are not profiles, nor broken ones.
    expect(text.stdout).not.toContain("common-nordic");
    const json = JSON.parse(slm(project.dir, ["profile", "list", "--json"]).stdout) as ProfileSummary[];
    expect(json.filter((p) => p.status !== "ok").map((p) => [p.name, p.status, p.match])).toEqual([
      ["garbage", "broken", null],
      ["typo", "broken", "typo_*.csv"],
      ["odd", "draft", null],
    ]);
  });

  it("profile check prints what would load, be filtered and be quarantined, and writes no warehouse", () => {
    const result = slm(project.dir, ["profile", "check", join(data, "hakemukset_2024.csv")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'hakemukset_2024.csv through profile "nordic-applications" -> nya.applications',
        "  would load:        2 rows",
        "  would quarantine:  1 row",
        "  filtered out:      1 row (the profile's filter)",
        "",
        'bad_date in column "Applied": 1 row',
        '  e.g. line 5 shape "9999-99-99"',
        "  fix: formats.applied_on (the column's date format)",
        "",
        "values are shown by their shape (letters x, digits 9); nothing was written to the warehouse",
        "",
      ].join("\n"),
    );
    const json = JSON.parse(
      slm(project.dir, ["profile", "check", join(data, "hakemukset_2024.csv"), "--json"]).stdout,
    ) as CheckReport;
    expect(json).toMatchObject({ status: "ok", rowsLoaded: 2, rowsQuarantined: 1, rowsFiltered: 1 });
    // Every row quarantined: a non-zero exit with ingest's reason.
    const none = slm(project.dir, ["profile", "check", join(data, "hakemukset_2023.csv")]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^slm: hakemukset_2023\.csv: none of its 1 rows loaded, all were quarantined; top reasons: bad_date in column "Applied" \(1 row\): check formats\.applied_on in profile "nordic-applications"/,
    );
    expect(existsSync(join(project.dir, "data", "warehouse.duckdb"))).toBe(false);
  });

  it("ingest loads the files of good profiles and fails only those a broken profile was meant for", () => {
    const result = slm(project.dir, [
      "ingest",
      join(data, "hakemukset_2024.csv"),
      join(data, "typo_2024.csv"),
      "--json",
    ]);
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as IngestResult[];
    expect(results.map((r) => [r.file, r.status, r.rowsLoaded, r.rowsQuarantined, r.rowsFiltered])).toEqual([
      ["hakemukset_2024.csv", "loaded", 2, 1, 1],
      ["typo_2024.csv", "failed", 0, 0, 0],
    ]);
    expect(results[1]!.error).toBe(
      `typo_2024.csv: profile file ${join(profiles, "typo.json")} is broken (columns.Application: "aplication_code" is not a field of nya.applications; columns: required field "application_code" is not mapped); fix it, then run again (slm profile list shows the broken profiles)`,
    );
    // Each broken profile is named once, up front, whether or not a file needed it.
    expect(result.stderr).toContain(
      `warning: profile file ${join(profiles, "garbage.json")} is broken (not valid JSON`,
    );
  });
});
