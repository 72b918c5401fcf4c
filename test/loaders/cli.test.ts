import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.ts";
import { profileList } from "../../cli/commands/profile.ts";
import { qualityCommand } from "../../cli/commands/quality.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { slm, tempProject } from "../helpers/project.ts";
import { DATASETS, LOADER_FIXTURES } from "./harness.ts";

/** The loader's commands as a user runs them (each process start costs a second, so a few run in-process). */
describe("slm profile, ingest --profile and quality", () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project.remove());

  it("profile list shows name, contract and match", () => {
    const text = slm(project.dir, ["profile", "list"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^uci-dropout\s+records\.student_outcomes\s+data\.csv$/m);
    expect(profileList()).toContainEqual(
      expect.objectContaining({
        name: "duo-wo-inscriptions",
        contract: "external.programme_counts",
        match: "wo_inscriptions_*.csv",
      }),
    );
  });

  it("profile infer writes a draft to --out and its notes to stderr", () => {
    const out = join(project.dir, "draft.json");
    const result = slm(project.dir, [
      "profile",
      "infer",
      join(LOADER_FIXTURES, "infer", "course_registrations_2026-01-31.csv"),
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/check: column "Note" is not mapped/);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ contract: "records.course_registrations" });
  });

  it("ingest --profile loads a file whatever its name; quality reports what was quarantined", async () => {
    const ingest = slm(project.dir, [
      "ingest",
      "--profile",
      "duo-wo-inscriptions",
      join(LOADER_FIXTURES, "duo", "wo_inscriptions_2019.csv"),
      "--json",
    ]);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toEqual([
      expect.objectContaining({ rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rawRows: 15 }),
    ]);
    const text = slm(project.dir, ["quality"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/wo_inscriptions_2019\.csv: blank_line \(1\)\n {2}line 4: \|/);
    const report = await qualityCommand(loadConfig(project.dir));
    expect(report.quarantine.map((group) => [group.reason, group.rows])).toEqual([
      ["bad_integer", 1],
      ["blank_line", 1],
    ]);
  });

  it("ingest names an unknown profile; quality without a warehouse says what to do", async () => {
    await expect(
      ingestCommand(loadConfig(project.dir), [join(DATASETS, "uci_dropout", "data.csv")], {
        profile: "nope",
      }),
    ).rejects.toThrow(/data\.csv: unknown profile "nope"; known: /);
    const empty = tempProject();
    try {
      await expect(qualityCommand(loadConfig(empty.dir))).rejects.toThrow(
        /no warehouse yet at .*: run slm ingest first/,
      );
    } finally {
      empty.remove();
    }
  });
});
