import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { slm, tempProject } from "../helpers/project.ts";

/** The command line's side of `slm event`: its words before any warehouse exists, and a file it will not replace. */
describe("slm event (cli/commands/event.ts)", () => {
  const project = tempProject();
  afterAll(() => project.remove());

  it("says to run the pipeline first, as one line and exit code 1", () => {
    for (const args of [
      ["event", "upcoming", "--json"],
      ["event", "attendees", "OD-1"],
    ]) {
      const result = slm(project.dir, args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr.trim()).toMatch(/^slm: no warehouse yet: run slm ingest and slm run first$/);
      expect(result.stdout).toBe("");
    }
  });

  it("refuses an --out file that exists before reading anything, and leaves it as it was", () => {
    const out = join(project.dir, "badges.csv");
    writeFileSync(out, "mine");
    const result = slm(project.dir, ["event", "attendees", "OD-1", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("exists: slm never replaces a file");
    expect(readFileSync(out, "utf8")).toBe("mine");
  });

  it("needs the session", () => {
    const result = slm(project.dir, ["event", "attendees"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/missing required argument 'session'/);
  });
});
