import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runLoaders } from "../../../app/site/run-loaders.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A loaders folder holding these loader sources (by file name), and an empty outputs folder. */
function project(loaders: Record<string, string>): { loaders: string; outputs: string } {
  const dir = mkdtempSync(join(tmpdir(), "slm-run-loaders-"));
  dirs.push(dir);
  mkdirSync(join(dir, "data"));
  mkdirSync(join(dir, "out"));
  // ES modules, as the package's own loaders are (top-level await)
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  for (const [name, source] of Object.entries(loaders)) writeFileSync(join(dir, "data", name), source);
  return { loaders: join(dir, "data"), outputs: join(dir, "out") };
}

const output = (outputs: string, target: string) =>
  existsSync(join(outputs, target)) ? readFileSync(join(outputs, target), "utf8") : null;

describe("runLoaders", () => {
  it("writes what each loader prints, in one process, with the build's environment", async () => {
    const folders = project({
      "a.json.ts": `const rows: number[] = [1, 2];\nprocess.stdout.write(JSON.stringify({ rows, dir: process.env.SLM_PUBLISH_DIR }));`,
      "b.json.ts": `await new Promise((done) => setTimeout(done, 5));\nprocess.stdout.write("[");\nprocess.stdout.write("true]");`,
    });
    const left = await runLoaders({
      ...folders,
      targets: ["a.json", "b.json"],
      env: { ...process.env, SLM_PUBLISH_DIR: "/release" },
    });
    expect(left).toEqual([]);
    expect(output(folders.outputs, "a.json")).toBe('{"rows":[1,2],"dir":"/release"}');
    expect(output(folders.outputs, "b.json")).toBe("[true]");
  });

  it("leaves to Framework a loader that throws, prints no whole JSON, prints late, or is not TypeScript", async () => {
    const folders = project({
      "throws.json.ts": `throw new Error("no release");`,
      "text.json.ts": `process.stdout.write("not json");`,
      "late.json.ts": `setTimeout(() => process.stdout.write("[1]"), 10);`,
      "plain.json.js": `process.stdout.write("[2]");`,
      // writes after the late loader's timer has fired, while its own import runs
      "fine.json.ts": `await new Promise((done) => setTimeout(done, 200));\nprocess.stdout.write("[3]");`,
    });
    // an output left by an earlier build is not kept for a loader that now fails
    writeFileSync(join(folders.outputs, "throws.json"), "[0]");
    const targets = ["throws.json", "text.json", "late.json", "plain.json", "fine.json"];
    const left = await runLoaders({ ...folders, targets, env: process.env });
    expect(left).toEqual(["throws.json", "text.json", "late.json", "plain.json"]);
    for (const target of left) expect(output(folders.outputs, target)).toBeNull();
    expect(output(folders.outputs, "fine.json")).toBe("[3]");
  });

  it("drops the output of a loader that wrote more after its import ended, and keeps the next one's", async () => {
    const folders = project({
      "partial.json.ts": `process.stdout.write("[1]");\nsetTimeout(() => process.stdout.write("[2]"), 10);`,
      "next.json.ts": `await new Promise((done) => setTimeout(done, 200));\nprocess.stdout.write("[3]");`,
    });
    const left = await runLoaders({ ...folders, targets: ["partial.json", "next.json"], env: process.env });
    expect(left).toEqual(["partial.json"]);
    expect(output(folders.outputs, "partial.json")).toBeNull();
    expect(output(folders.outputs, "next.json")).toBe("[3]");
  });

  it("keeps what was written before a loader ended the process, and leaves that loader and the rest", async () => {
    const folders = project({
      "first.json.ts": `process.stdout.write("[1]");`,
      "exits.json.ts": `process.stdout.write("[2]");\nprocess.exit(3);`,
      "after.json.ts": `process.stdout.write("[4]");`,
    });
    const targets = ["first.json", "exits.json", "after.json"];
    const left = await runLoaders({ ...folders, targets, env: process.env });
    expect(left).toEqual(["exits.json", "after.json"]);
    expect(output(folders.outputs, "first.json")).toBe("[1]");
  });
});
