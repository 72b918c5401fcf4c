import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  afterAll(() => project.remove());

  it("builds one after the other, each replacing its output whole, and leaves no half-built folder", async () => {
    const a = join(project.dir, "site-a");
    const b = join(project.dir, "site-b");
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
  }, 240_000);
});
