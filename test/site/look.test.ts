import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { sharedDemoSite } from "../helpers/demo-site.ts";
import { measureLook } from "../helpers/look.ts";

const pages = siteConfig.pages.map((page) => ({ name: page.name, path: page.path.replace(/^\//, "") }));

/**
 * Every page as a reader sees it, on a phone (390 px) and a wide screen (1400 px), light and dark: the page
 * never scrolls sideways, no table cell is cut to "…", no chart is wider than the column (its box would scroll
 * sideways with nothing to show it), no chart text is drawn under 10 px or cut at the chart's edge or shortened
 * inside a word, no axis label runs into the next, a table wider than its box shows a shadow where more columns lie, table row rules stand out from the background (WCAG
 * contrast >= 3:1), and the closed sidebar's toggle stays in the header instead of over the content. One demo site for all of it (CI's time).
 */
describe("every page reads well on a phone and a wide screen, light and dark", () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await serveStatic((await sharedDemoSite()).out, 0);
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    server?.server.close();
  });

  for (const theme of ["light", "dark"] as const) {
    for (const width of [390, 1400]) {
      it(`${theme}, ${width} px: every page`, async () => {
        const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 900 } });
        const tab = await context.newPage();
        const found: Record<string, unknown> = {};
        for (const page of pages) {
          await tab.goto(`${server.url}${page.path}`, { waitUntil: "networkidle" });
          await tab.locator("main h1").first().waitFor({ timeout: 20_000 });
          await tab.locator("main figure, main svg, main table").first().waitFor({ timeout: 20_000 });
          const look = await measureLook(tab);
          if (look.sidewaysScroll > 1) found[`${page.name}: sideways scroll (px)`] = look.sidewaysScroll;
          if (look.toggleOverContent > 1)
            found[`${page.name}: sidebar toggle over the content (px below the header)`] =
              look.toggleOverContent;
          for (const [problem, list] of [
            ["cut table cells", look.cutCells],
            ["chart text under 10 px", look.tinyChartText],
            ["chart text cut at the chart's edge", look.clippedChartText],
            ["row rules under 3:1", look.faintRowRules],
            ["chart labels cut inside a word", look.wordCutChartText],
            ["charts wider than the column", look.wideCharts],
            ["axis labels running into each other", look.overlappingLabels],
            ["tables wider than their box with no shadow at the edge", look.unmarkedWideTables],
          ] as const) {
            if (list.length > 0) found[`${page.name}: ${problem}`] = list;
          }
        }
        await context.close();
        expect(found).toEqual({});
      }, 180_000);
    }
  }
});
