import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { type DemoSite, SITE_TEST_PERSONS, sharedDemoSite } from "../helpers/demo-site.ts";
import { REPO_ROOT, SLM_BIN } from "../helpers/project.ts";
import { measurePage, type PageWeight } from "./page-weight.ts";

// The targets for the heaviest page: what a reader downloads, compressed and decoded.
const MAX_TRANSFERRED = 300 * 1024;
const MAX_UNCOMPRESSED = 1.5 * 1024 * 1024;

function slm(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [SLM_BIN, ...args], { cwd, encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) throw new Error(`slm ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** One demo site: its weight per page as a browser loads it, its compressed copies, and a rebuild. */
describe("the site is light to load and cheap to rebuild", () => {
  let site: DemoSite;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;

  beforeAll(async () => {
    site = await sharedDemoSite();
    server = await serveStatic(site.out, 0);
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    server?.server.close();
  });

  it("a second build with nothing changed keeps the site: no page is rebuilt, no file rewritten", () => {
    expect(site.build.unchanged).toBe(false);
    const before = new Map(filesUnder(site.out).map((file) => [file, statSync(file).mtimeMs]));
    const again = JSON.parse(slm(site.dir, ["site", "build", "--out", site.out, "--json"]));
    expect(again).toMatchObject({ unchanged: true, rerun: [] });
    const after = new Map(filesUnder(site.out).map((file) => [file, statSync(file).mtimeMs]));
    expect(after).toEqual(before);
  }, 120_000);

  it("writes a .br and a .gz beside every page, script, style and data file, decoding to it", () => {
    const text = filesUnder(site.out).filter((file) =>
      [".html", ".js", ".css", ".json"].includes(extname(file)),
    );
    const sizable = text.filter((file) => statSync(file).size >= 512);
    expect(sizable.some((file) => file.includes("/_file/data/"))).toBe(true);
    for (const file of sizable) {
      const original = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(original), `${file}.br`).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(original), `${file}.gz`).toBe(true);
    }
  });

  it("every page, as a browser loads it, within the weight budget and compressed", async () => {
    const weights: Record<string, PageWeight> = {};
    for (const page of siteConfig.pages) {
      weights[page.path] = await measurePage(browser, `${server.url}${page.path.replace(/^\//, "")}`);
    }
    mkdirSync(join(REPO_ROOT, "test-results"), { recursive: true });
    writeFileSync(
      join(REPO_ROOT, "test-results", "page-transfer.json"),
      `${JSON.stringify({ persons: Number(SITE_TEST_PERSONS), pages: weights }, null, 2)}\n`,
    );
    for (const [path, weight] of Object.entries(weights)) {
      expect(weight.dataUncompressed, `${path}: loads its data`).toBeGreaterThan(0);
      expect(weight.uncompressedText, `${path}: text sent uncompressed`).toEqual([]);
    }
    const heaviest = (key: "transferred" | "uncompressed") =>
      Math.max(...Object.values(weights).map((weight) => weight[key]));
    expect(heaviest("transferred")).toBeLessThanOrEqual(MAX_TRANSFERRED);
    expect(heaviest("uncompressed")).toBeLessThanOrEqual(MAX_UNCOMPRESSED);
  }, 300_000);
});
