import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { sharedDemoSite } from "../helpers/demo-site.ts";
import { REPO_ROOT } from "../helpers/project.ts";

/** Screenshots are kept as test artefacts (git-ignored). */
const SHOTS = join(REPO_ROOT, "test-results", "site");

const mainText = (page: Page) => page.locator("main").textContent();
const lede = (page: Page) => page.locator("p.lede").first().textContent();

describe("site: open days and channels pages on a small demo institution", () => {
  let out: string;
  beforeAll(async () => {
    out = (await sharedDemoSite()).out;
    mkdirSync(SHOTS, { recursive: true });
  }, 900_000);

  async function withPage(path: string, check: (page: Page) => Promise<void>) {
    const { server, url } = await serveStatic(out, 0);
    const browser = await launchBrowser();
    try {
      for (const scheme of ["light", "dark"] as const) {
        const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 900 } });
        const problems = watchProblems(page);
        await page.goto(`${url}${path}`, { waitUntil: "networkidle" });
        await page.locator("svg[aria-label]").first().waitFor({ timeout: 15_000 });
        if (scheme === "light") await check(page);
        await page.screenshot({ path: join(SHOTS, `${path}-${scheme}.png`), fullPage: true });
        expect(problems, `${path} (${scheme})`).toEqual({ consoleErrors: [], failedRequests: [] });
        await page.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
  }

  it("open days: capacity, fill, no-shows and lift, with accessible charts; each filter changes what is shown", async () => {
    await withPage("open-days", async (page) => {
      const text = await mainText(page);
      expect(text).toMatch(
        /sessions with [\d,]+ places; [\d,]+ confirmed registrations \(\d+% of capacity\)/,
      );
      expect(text).toMatch(/No-show rate \d+% \(95% \d+%–\d+%/);
      // a difference of two rates, in percentage points: never "+15%"
      expect(text).toMatch(/applied [+-]?\d+\u00a0pp \(95% [+-]?\d+\u00a0pp to [+-]?\d+\u00a0pp\)/);
      const labels = await page
        .locator("svg[aria-label]")
        .evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute("aria-label")));
      expect(labels).toEqual([
        expect.stringMatching(/^Bar chart of capacity, confirmed registrations and check-ins/),
        expect.stringMatching(/^Dot plot with 95% intervals/),
      ]);
      // session bars are drawn
      expect(await page.locator("svg[aria-label^='Bar chart'] rect").count()).toBeGreaterThan(3);

      const before = await lede(page);
      await page.getByLabel("Trial lectures").check();
      await expect.poll(() => lede(page)).not.toBe(before);
      expect(await lede(page)).toMatch(/trial lectures/);

      const intakeSelect = page.locator("form select").first();
      const options = await intakeSelect.locator("option").allTextContents();
      expect(options.length).toBeGreaterThan(1);
      const shown = await lede(page);
      await intakeSelect.selectOption({ label: options[1]! });
      await expect.poll(() => lede(page)).not.toBe(shown);
      expect(await lede(page)).toContain(options[1]!);
    });
  }, 120_000);

  it("channels: first, last and any touch side by side per channel; intake, outcome and channel filters", async () => {
    await withPage("channels", async (page) => {
      expect(await lede(page)).toMatch(
        /the channel of most applicants' first touch was [\w ]+ \([\d,]+ persons\)/,
      );
      const chart = page.locator("svg[aria-label^='Grouped bar chart']");
      expect(await chart.getAttribute("aria-label")).toMatch(/applicants of \S+ per channel/);
      expect(await chart.locator("rect").count()).toBeGreaterThan(6);
      // the legend names the three models
      const legend = await page.locator("main").textContent();
      for (const model of ["first touch", "last touch", "any touch"]) expect(legend).toContain(model);

      await page.getByLabel("Enrolled students").check();
      await expect.poll(() => chart.getAttribute("aria-label")).toMatch(/enrolled students of/);

      const tableText = () => page.locator("main table").last().textContent();
      const channelSelect = page.locator("form select").last();
      const channels = await channelSelect.locator("option").allTextContents();
      expect(channels.length).toBeGreaterThan(1);
      const firstTable = await tableText();
      await channelSelect.selectOption({ label: channels[1]! });
      await expect.poll(tableText).not.toBe(firstTable);

      const intakeSelect = page.locator("form select").first();
      const intakes = await intakeSelect.locator("option").allTextContents();
      await intakeSelect.selectOption({ label: intakes[1]! });
      await expect.poll(() => chart.getAttribute("aria-label")).toContain(intakes[1]!);
    });
  }, 120_000);
});
