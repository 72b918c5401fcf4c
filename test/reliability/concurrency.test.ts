import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPublishTables } from "../../pipelines/export.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { slm, slmAsync, tempProject } from "../helpers/project.ts";
import { manifestProblems, publishProblems, withOpened } from "./harness.ts";

interface Exit {
  code: number | null;
  stderr: string;
}

function started(child: ChildProcess): { firstLine: Promise<void>; exit: Promise<Exit> } {
  let stderr = "";
  let seen: () => void = () => undefined;
  const firstLine = new Promise<void>((done) => {
    seen = done;
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    if (stderr.includes("\n")) seen();
  });
  const exit = new Promise<Exit>((done) => child.on("exit", (code) => done({ code, stderr })));
  return { firstLine, exit };
}

describe("two slm writers at once", { timeout: 180_000 }, () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject("slm-concurrency-");
    expect(slm(project.dir, ["init"]).code).toBe(0);
    expect(
      slm(project.dir, ["demo", "generate", "--persons", "100", "--years", "1", "--seed", "3"]).code,
    ).toBe(0);
    expect(slm(project.dir, ["ingest"]).code).toBe(0);
    writeFileSync(
      join(project.dir, "wait.config.json"),
      JSON.stringify({ warehouse: { onLocked: "wait", lockWaitSeconds: 120 } }),
    );
  });
  afterAll(() => project.remove());

  it("the second fails cleanly (exit 75) or waits with a message, as configured; the first completes", async () => {
    const first = started(slmAsync(project.dir, ["run"], { stdio: ["ignore", "ignore", "pipe"] }));
    // The first run prints its first model once it holds the warehouse.
    await first.firstLine;
    const failing = started(slmAsync(project.dir, ["ingest"], { stdio: ["ignore", "ignore", "pipe"] }));
    const waiting = started(
      slmAsync(project.dir, ["--config", "wait.config.json", "run"], { stdio: ["ignore", "ignore", "pipe"] }),
    );
    const [a, b, c] = await Promise.all([first.exit, failing.exit, waiting.exit]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code).toBe(75);
    expect(b.stderr).toMatch(
      /^slm: warehouse is in use by process \d+; try again when it finishes \(.*\)\n$/,
    );
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(
      /^warehouse is in use by process \d+; try again when it finishes .* — waiting up to 120s$/m,
    );
    const after = await withOpened(project.dir, async (warehouse) => ({
      manifest: await manifestProblems(warehouse),
      runs: await warehouse.all<{ status: string }>("SELECT status FROM meta.pipeline_run ORDER BY run_id"),
    }));
    expect(after.manifest.problems).toEqual([]);
    expect(after.runs.map((run) => run.status)).toEqual(["ok", "ok"]);
    expect(publishProblems(project.dir)).toEqual([]);
  });
});

/**
 * A reader in another process, as a site build is, reads the publish folder over and over while releases
 * are published: every pass must see one whole release (each table's rows carry the release number),
 * never tables of two releases side by side or a file half-written.
 */
const READER = `
import { readFileSync, realpathSync, existsSync } from "node:fs";
import { join } from "node:path";
const [dir, until] = process.argv.slice(2);
let passes = 0, mixed = 0, vanished = 0;
const pause = (ms) => new Promise((done) => setTimeout(done, ms));
while (!existsSync(until)) {
  let release;
  try { release = realpathSync(dir); } catch { await pause(1); continue; }
  try {
    const manifest = JSON.parse(readFileSync(join(release, "_manifest.json"), "utf8"));
    for (const { table, rows } of manifest.tables) {
      const data = JSON.parse(readFileSync(join(release, table + ".json"), "utf8"));
      if (data.length !== rows || data.some((row) => row.release !== manifest.run_id)) mixed++;
      await pause(2);
    }
    passes++;
  } catch (error) {
    if (error.code === "ENOENT") vanished++; else throw error;
  }
}
process.stdout.write(JSON.stringify({ passes, mixed, vanished }));
`;

describe("publishing while a site build reads", () => {
  it("every read sees one whole release: the previous or the new one", async () => {
    const project = tempProject("slm-publish-");
    try {
      const dir = join(project.dir, "data", "publish");
      const stop = join(project.dir, "stop");
      writeFileSync(join(project.dir, "reader.mjs"), READER);
      const warehouse = await Warehouse.open(":memory:");
      const publish = async (release: number) => {
        for (const table of ["pub_a", "pub_b", "pub_c"]) {
          await warehouse.run(
            `CREATE OR REPLACE TABLE publish.${table} AS SELECT ${release} AS release, i FROM range(${release} % 7 + 1) t(i)`,
          );
        }
        await exportPublishTables(warehouse, dir, release);
      };
      await publish(1);
      const reader = spawn(process.execPath, [join(project.dir, "reader.mjs"), dir, stop], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      reader.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      const exited = new Promise<number | null>((done) => reader.on("exit", done));
      for (let release = 2; release <= 60; release++) {
        await publish(release);
        await new Promise((done) => setTimeout(done, 5));
      }
      writeFileSync(stop, "");
      expect(await exited).toBe(0);
      warehouse.close();
      const seen = JSON.parse(out) as { passes: number; mixed: number; vanished: number };
      expect(seen.passes).toBeGreaterThan(10);
      expect(seen.mixed).toBe(0);
      expect(publishProblems(project.dir)).toEqual([]);
    } finally {
      project.remove();
    }
  });
});
