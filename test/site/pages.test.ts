import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { fromColumns } from "../../src/components/columnar.js";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { type DemoSite, SITE_TEST_PERSONS, sharedDemoSite } from "../helpers/demo-site.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { plantedIdentifiers } from "../helpers/truth.ts";

const SCREENSHOTS = join(REPO_ROOT, "test-results", "screenshots");
const DATA_BUDGET_BYTES = 300 * 1024;

const pages = siteConfig.pages.map((page) => ({
  name: page.name,
  path: page.path,
  slug: page.path === "/" ? "index" : page.path.replace(/^\//, ""),
}));

describe("every page of the site, on the demo institution", () => {
  let site: DemoSite;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;

  beforeAll(async () => {
    site = await sharedDemoSite();
    server = await serveStatic(site.out, 0);
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 900_000);
  // per page, the gzip bytes of the data it loads: test-results/page-weight.json, for the record
  const weights: Record<string, number> = {};
  afterAll(async () => {
    writeFileSync(
      join(REPO_ROOT, "test-results", "page-weight.json"),
      `${JSON.stringify({ persons: Number(SITE_TEST_PERSONS), gzipBytes: weights }, null, 2)}\n`,
    );
    await browser?.close();
    server?.server.close();
  });

  it("lists the pages the issue asks for", () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.map((p) => p.slug)).toEqual(
      expect.arrayContaining(["index", "funnel", "quality", "definitions"]),
    );
  });

  it("holds no planted name, e-mail, personnummer or BSN, and no person-level rows", () => {
    const planted = plantedIdentifiers(join(site.dir, "data", "truth"));
    expect(planted.size).toBeGreaterThan(1000);
    const files = readdirSync(site.out, { recursive: true, withFileTypes: true }).filter(
      (entry) => entry.isFile() && /\.(html|json|js|csv|md)$/.test(entry.name),
    );
    // word n-grams of every text: a planted value is one of them (names have up to four words)
    const grams = new Set<string>();
    for (const entry of files) {
      const words = readFileSync(join(entry.parentPath, entry.name), "utf8")
        .toLowerCase()
        .split(/[^\p{L}\p{N}@.+_-]+/u)
        .filter(Boolean);
      for (let i = 0; i < words.length; i++) {
        for (let n = 1; n <= 4 && i + n <= words.length; n++) grams.add(words.slice(i, i + n).join(" "));
      }
    }
    expect([...planted].filter((value) => grams.has(value))).toEqual([]);
    // published data carries no key a person could be found by
    for (const entry of files.filter((e) => e.parentPath.includes("_file") && e.name.endsWith(".json"))) {
      // columnar files (src/components/columnar.js) are read as the rows the page turns them into
      const rows = fromColumns(JSON.parse(readFileSync(join(entry.parentPath, entry.name), "utf8")));
      const keys = new Set(Array.isArray(rows) ? rows.flatMap((row) => Object.keys(row ?? {})) : []);
      expect(
        [...keys].filter((k) => /person_id|record_id|_key$|email|first_name|last_name|national/.test(k)),
        entry.name,
      ).toEqual([]);
    }
  });

  it("Funnel and Overview: every filter changes what is shown", async () => {
    const tab = await browser.newPage();
    const problems = watchProblems(tab);
    const lede = () => tab.locator("main p.lede").first().textContent();
    await tab.goto(`${server.url}funnel`, { waitUntil: "networkidle" });
    await tab.locator("main figure svg").first().waitFor({ timeout: 20_000 });
    // the programme first: the channel and country split is published over all programmes
    for (const [label, pick] of [
      ["Programme", 1],
      ["Intake", 1],
      ["First channel", 1],
      ["Country group", 1],
      ["As of", 2],
    ] as const) {
      const before = await lede();
      const select = tab.locator("form", { hasText: label }).locator("select").first();
      const value = await select.locator("option").nth(pick).getAttribute("value");
      await select.selectOption(value!);
      await expect.poll(() => lede(), { message: `Funnel: ${label}` }).not.toBe(before);
    }
    await tab.goto(server.url, { waitUntil: "networkidle" });
    await tab.locator("main figure svg").first().waitFor({ timeout: 20_000 });
    const before = await lede();
    await tab.locator("form", { hasText: "Stage" }).locator("input[type=radio]").first().check();
    await expect.poll(() => lede(), { message: "Overview: stage" }).not.toBe(before);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await tab.close();
  }, 60_000);

  it("Funnel: a stage the intake cannot have reached yet reads 'not yet observable', never 0%", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${server.url}funnel`, { waitUntil: "networkidle" });
    await tab.locator("main figure svg").first().waitFor({ timeout: 20_000 });
    // the default, newest intake has no first year behind it on the reference date (today)
    const chart = await tab.locator("main figure svg[aria-label^='Bar chart']").first().textContent();
    expect(chart).toContain("not yet observable");
    // the next-step table: the stage's figures are "–", each with a tooltip saying why, and no 0%
    const row = tab.locator("main table tr", { hasText: "Progressed past year one" }).first();
    const titles = await row
      .locator("span.slm-no-value")
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("title")));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toMatch(/^Not observable yet/);
    expect(await row.textContent()).not.toMatch(/\b0(\.0)?%/);
    await tab.close();
  }, 60_000);

  for (const page of pages) {
    it(`${page.name}: light and dark, laptop and phone, no error, data within budget`, async () => {
      const backgrounds: string[] = [];
      for (const theme of ["light", "dark"] as const) {
        const context = await browser.newContext({
          colorScheme: theme,
          viewport: { width: 1280, height: 900 },
        });
        const tab = await context.newPage();
        const problems = watchProblems(tab);
        const data: Promise<number>[] = [];
        tab.on("response", (response) => {
          if (/\/_file\//.test(response.url())) {
            data.push(response.body().then((body) => gzipSync(body).length));
          }
        });
        await tab.goto(`${server.url}${page.path.replace(/^\//, "")}`, { waitUntil: "networkidle" });
        await tab.locator("main h1").first().waitFor({ timeout: 20_000 });
        await tab.locator("main figure, main svg, main table").first().waitFor({ timeout: 20_000 });
        await tab.screenshot({ path: join(SCREENSHOTS, `${page.slug}-${theme}.png`), fullPage: true });
        backgrounds.push(
          await tab.evaluate(() =>
            getComputedStyle(document.documentElement).getPropertyValue("--theme-background"),
          ),
        );
        expect(problems, `${page.name} (${theme})`).toEqual({ consoleErrors: [], failedRequests: [] });
        // a note box never stands empty: the Overview's forecast note says why an intake has no forecast
        const emptyNotes = await tab
          .locator("main .note")
          .evaluateAll((notes) => notes.filter((note) => (note.textContent ?? "").trim() === "").length);
        expect(emptyNotes, `${page.name}: empty note boxes`).toBe(0);
        // every chart says what it shows to a screen reader
        const unlabelled = await tab
          .locator("main figure svg:not([aria-label]):not([aria-hidden='true'])")
          .evaluateAll(
            (svgs) =>
              svgs.filter((svg) => !svg.closest("figure")?.querySelector("figcaption, h2, h3")).length,
          );
        expect(unlabelled, `${page.name}: charts without a label or caption`).toBe(0);
        // table headers stay legible in both themes (WCAG contrast >= 4.5 between text and its background)
        const lowContrast = await tab.locator("main thead th").evaluateAll((cells) => {
          const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
          const luminance = (css: string) => {
            const [r = 0, g = 0, b = 0] = rgb(css).map((v) => v / 255);
            const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
            return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
          };
          const background = (el: Element | null): string => {
            for (; el; el = el.parentElement) {
              const bg = getComputedStyle(el).backgroundColor;
              if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== "transparent") return bg;
            }
            return (
              getComputedStyle(document.documentElement).getPropertyValue("--theme-background") ||
              "rgb(255,255,255)"
            );
          };
          return cells.filter((cell) => {
            if (!cell.textContent?.trim()) return false;
            const [a, b] = [luminance(getComputedStyle(cell).color), luminance(background(cell))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) < 4.5;
          }).length;
        });
        expect(lowContrast, `${page.name} (${theme}): table headers with low contrast`).toBe(0);
        const compressed = (await Promise.all(data)).reduce((a, b) => a + b, 0);
        expect(compressed, `${page.name}: data files, gzip bytes`).toBeLessThan(DATA_BUDGET_BYTES);
        weights[page.slug] = compressed;
        await context.close();
      }
      expect(backgrounds[0], `${page.name}: the dark theme applies`).not.toBe(backgrounds[1]);

      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const tab = await phone.newPage();
      await tab.goto(`${server.url}${page.path.replace(/^\//, "")}`, { waitUntil: "networkidle" });
      await tab.locator("main h1").first().waitFor({ timeout: 20_000 });
      await tab.screenshot({ path: join(SCREENSHOTS, `${page.slug}-phone.png`), fullPage: true });
      // readable on a phone: the page itself never scrolls sideways (wide tables scroll in their own box)
      const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${page.name}: sideways overflow on a phone (px)`).toBeLessThanOrEqual(1);
      await phone.close();
    }, 120_000);
  }
});
