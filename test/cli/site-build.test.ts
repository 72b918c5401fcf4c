import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPublishTables } from "../../pipelines/export.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { crmCsv, slm, slmAsync, tempProject } from "../helpers/project.ts";

function finished(child: ReturnType<typeof slmAsync>): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stderr })));
}

describe("slm site build, twice at once", () => {
  const project = tempProject();
  /** Folders outside the project that a wrong --out could name; removed at the end. */
  const sandboxes: string[] = [];
  const sandbox = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    sandboxes.push(dir);
    return dir;
  };
  beforeAll(() => {
    const csv = join(project.dir, "crm_form_submissions_2026-07-01.csv");
    const rows = Array.from({ length: 60 }, (_, i) => [
      `S${i}`,
      `C${i}`,
      "inquiry",
      "2026-03-10 10:00:00",
      "fair",
      "",
      "SYSVK",
      "T",
      `P${i}`,
      "",
      "",
      "SE",
      "",
    ]);
    writeFileSync(csv, crmCsv(rows));
    for (const args of [["init"], ["ingest", csv], ["run"]]) {
      const result = slm(project.dir, args);
      if (result.code !== 0) throw new Error(`slm ${args.join(" ")}: ${result.stderr}`);
    }
  }, 120_000);
  afterAll(() => {
    project.remove();
    for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
  });

  it("builds one after the other, each replacing its output whole, and leaves no half-built folder", async () => {
    const a = join(project.dir, "site-a");
    const b = join(project.dir, "site-b");
    // an empty folder is taken over: nothing in it can be lost
    mkdirSync(b);
    const first = finished(
      slmAsync(project.dir, ["site", "build", "--out", a], { stdio: ["ignore", "pipe", "pipe"] }),
    );
    const second = finished(
      slmAsync(project.dir, ["site", "build", "--out", b], { stdio: ["ignore", "pipe", "pipe"] }),
    );
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.some((r) => /waiting for another site build/.test(r.stderr))).toBe(true);
    expect(existsSync(join(a, "index.html")) && existsSync(join(b, "index.html"))).toBe(true);
    // building again over an existing site replaces it (an earlier build's files caused "file conflict");
    // without --out, into the config's paths.site, resolved from the project folder, not the package's
    const configFile = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(configFile, JSON.stringify({ ...config, paths: { ...config.paths, site: "site-a" } }));
    const again = slm(project.dir, ["site", "build", "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).dist).toBe(join(realpathSync(project.dir), "site-a"));
    expect(readdirSync(project.dir).filter((name) => /\.(building|old)-\d+$/.test(name))).toEqual([]);
    // and preview serves it from there
    const preview = slmAsync(project.dir, ["site", "preview", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const serving = await new Promise<string>((done) => {
        let stderr = "";
        preview.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
          stderr += chunk;
          if (stderr.includes("\n")) done(stderr);
        });
      });
      expect(serving).toMatch(
        new RegExp(`^serving ${join(realpathSync(project.dir), "site-a")} at http://127\\.0\\.0\\.1:\\d+`),
      );
    } finally {
      preview.kill();
    }
  }, 360_000);

  const oneLine = /^slm: [^\n]+\n$/;

  it("refuses an --out folder outside the project, and one it did not make even with --allow-outside", () => {
    // the reproduction: v=$(mktemp -d); echo x > $v/important.txt; slm site build --out $v
    const victim = sandbox("slm-victim-");
    writeFileSync(join(victim, "important.txt"), "x\n");
    const outside = slm(project.dir, ["site", "build", "--out", victim]);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(oneLine);
    expect(outside.stderr).toMatch(/outside the project folder.*--allow-outside/);
    expect(readFileSync(join(victim, "important.txt"), "utf8")).toBe("x\n");
    const allowed = slm(project.dir, ["site", "build", "--out", victim, "--allow-outside"]);
    expect(allowed.code).not.toBe(0);
    expect(allowed.stderr).toMatch(oneLine);
    expect(allowed.stderr).toContain(`${victim}: `);
    expect(allowed.stderr).toMatch(/not made by slm/);
    expect(readdirSync(victim)).toEqual(["important.txt"]);
    // a folder inside the project that is not the product's is refused the same way
    const notes = join(project.dir, "notes");
    mkdirSync(notes);
    writeFileSync(join(notes, "todo.txt"), "keep\n");
    const inside = slm(project.dir, ["site", "build", "--out", "notes"]);
    expect(inside.code).not.toBe(0);
    expect(inside.stderr).toMatch(oneLine);
    expect(readdirSync(notes)).toEqual(["todo.txt"]);
  });

  it("refuses ~-like and ../../etc-like paths", () => {
    // a stand-in file system, never the real one: <root>/etc, and the project in <root>/me, its "home"
    const root = sandbox("slm-root-");
    const etc = join(root, "etc");
    const home = join(root, "me");
    const cwd = join(home, "project");
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, "passwd"), "root:x:0:0\n");
    mkdirSync(join(cwd, "data"), { recursive: true });
    writeFileSync(join(home, "notes.txt"), "mine\n");
    cpSync(realpathSync(join(project.dir, "data", "publish")), join(cwd, "data", "publish"), {
      recursive: true,
    });
    // "../../etc" from <root>/me/project is <root>/etc; the shell turns ~ into the home folder
    for (const out of ["../../etc", home, "~", "~/site"]) {
      const result = slm(cwd, ["site", "build", "--out", out], { HOME: home });
      expect(result.code, out).not.toBe(0);
      expect(result.stderr, out).toMatch(oneLine);
    }
    expect(readFileSync(join(etc, "passwd"), "utf8")).toBe("root:x:0:0\n");
    expect(readFileSync(join(home, "notes.txt"), "utf8")).toBe("mine\n");
    expect(readdirSync(cwd).sort()).toEqual(["data"]);
    // with the opt-in, the home folder is still not the product's to replace
    const flagged = slm(cwd, ["site", "build", "--out", home, "--allow-outside"], { HOME: home });
    expect(flagged.code).not.toBe(0);
    expect(flagged.stderr).toMatch(/not made by slm/);
    expect(readFileSync(join(home, "notes.txt"), "utf8")).toBe("mine\n");
  }, 240_000);

  it("builds outside the project with --allow-outside into a fresh folder, and replaces its own folder", () => {
    const site = join(sandbox("slm-elsewhere-"), "site");
    const first = slm(project.dir, ["site", "build", "--out", site, "--allow-outside"]);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(site, "index.html"))).toBe(true);
    expect(JSON.parse(readFileSync(join(site, ".slm-owned"), "utf8"))).toMatchObject({ kind: "site" });
    writeFileSync(join(site, "left-over.txt"), "from before\n");
    const second = slm(project.dir, ["site", "build", "--out", site, "--allow-outside"]);
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(join(site, "index.html"))).toBe(true);
    expect(existsSync(join(site, "left-over.txt"))).toBe(false);
  }, 300_000);

  it("refuses a config whose paths.site or paths.publish is a folder the product did not make", () => {
    const reports = join(project.dir, "reports");
    mkdirSync(reports);
    writeFileSync(join(reports, "q1.txt"), "mine\n");
    const configFile = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(
      join(project.dir, "user-site.json"),
      JSON.stringify({ ...config, paths: { ...config.paths, site: "reports" } }),
    );
    const site = slm(project.dir, ["--config", "user-site.json", "site", "build"]);
    expect(site.code).not.toBe(0);
    expect(site.stderr).toMatch(oneLine);
    expect(site.stderr).toMatch(/reports: .*not made by slm.*paths\.site/);
    writeFileSync(
      join(project.dir, "user-publish.json"),
      JSON.stringify({ ...config, paths: { ...config.paths, publish: "reports" } }),
    );
    const run = slm(project.dir, ["--config", "user-publish.json", "run"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("slm: "))).toHaveLength(1);
    expect(run.stderr).toMatch(/reports: .*not made by slm.*paths\.publish/);
    expect(readdirSync(reports)).toEqual(["q1.txt"]);
    expect(readdirSync(project.dir).filter((name) => name.startsWith(".reports"))).toEqual([]);
    // outside the project without the config's opt-in: refused by name before anything runs
    // (a stand-in for ../../etc: a folder next to the project, never the real /etc)
    const etc = join(sandbox("slm-etc-"), "etc");
    mkdirSync(etc);
    writeFileSync(join(etc, "passwd"), "root:x:0:0\n");
    writeFileSync(
      join(project.dir, "outside.json"),
      JSON.stringify({ ...config, paths: { ...config.paths, site: relative(project.dir, etc) } }),
    );
    const outside = slm(project.dir, ["--config", "outside.json", "site", "build"]);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(/paths\.site: .*outside the project folder.*paths\.allowOutside/);
    expect(readdirSync(etc)).toEqual(["passwd"]);
  }, 300_000);

  it("finishes a build while two runs publish and the release it started on is deleted", async () => {
    const publish = join(project.dir, "data", "publish");
    const startedOn = realpathSync(publish);
    const build = slmAsync(project.dir, ["site", "build", "--out", "site-race"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    // Framework's first line: the build has its release (not still waiting for another build's turn)
    const building = new Promise<void>((done) => {
      build.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const lines = stderr.split("\n").slice(0, -1);
        if (lines.some((line) => line.trim() !== "" && !/waiting for another site build/.test(line))) done();
      });
    });
    const exited = new Promise<number>((done) => build.on("close", (code) => done(code ?? -1)));
    await building;
    // two runs finish: only the current and the previous release are kept
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    try {
      await exportPublishTables(warehouse, publish, 1000);
      await exportPublishTables(warehouse, publish, 1001);
    } finally {
      warehouse.close();
    }
    expect(existsSync(startedOn)).toBe(false);
    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(project.dir, "site-race", "index.html"))).toBe(true);
  }, 300_000);
});
