import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { slm, tempProject } from "../helpers/project.ts";

describe("slm audience", () => {
  const project = tempProject();
  afterAll(() => project.remove());
  writeFileSync(join(project.dir, "slm.config.json"), "{}\n");
  mkdirSync(join(project.dir, "audiences"));
  writeFileSync(
    join(project.dir, "audiences", "bad.json"),
    JSON.stringify({ name: "bad", purpose: "marketing", department: "AO", who: { reached: [] } }),
  );
  writeFileSync(
    join(project.dir, "audiences", "good.json"),
    JSON.stringify({ name: "good", purpose: "marketing", department: "AO", who: { reached: ["inquiry"] } }),
  );

  it("names the audience file and field that is wrong, in one line", () => {
    const result = slm(project.dir, ["audience", "build", "bad"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "slm: audiences/bad.json: who.reached: at least one stage, unless who names graduated or alumni",
    );
  });

  it("writes only files: a folder named by --out is refused and left as it is", () => {
    const folder = join(project.dir, "lists");
    mkdirSync(folder);
    writeFileSync(join(folder, "keep.txt"), "mine");
    const result = slm(project.dir, ["audience", "build", "good", "--out", folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is a folder; --out names the CSV file to write");
    expect(readdirSync(folder)).toEqual(["keep.txt"]);
  });

  it("a plan needs its campaign and day; without a warehouse it says what to run", () => {
    expect(slm(project.dir, ["audience", "plan", "good", "--date", "2026-04-10"]).stderr).toMatch(
      /--campaign/,
    );
    const result = slm(project.dir, ["audience", "build", "good"]);
    expect(result.stderr.trim()).toBe("slm: no warehouse yet: run slm ingest and slm run first");
    expect(existsSync(join(project.dir, "data", "warehouse.duckdb"))).toBe(false);
  });
});
