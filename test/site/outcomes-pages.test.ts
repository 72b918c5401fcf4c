import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { sharedDemoSite } from "../helpers/demo-site.ts";
import { REPO_ROOT } from "../helpers/project.ts";

const SHOTS = join(REPO_ROOT, "test-results", "site");

type Served = Awaited<ReturnType<typeof serveStatic>>;

/** The advisers' and alumni pages on a small demo institution: they load cleanly and their filters work. */
describe("site: Cohorts, Schools of origin and Alumni pages", () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    served = await serveStatic((await sharedDemoSite()).out, 0);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    served?.server.close();
  });

  async function open(path: string): Promise<{ page: Page; problems: ReturnType<typeof watchProblems> }> {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${served.url}${path}`, { waitUntil: "networkidle" });
    await page.locator("svg[aria-label]").first().waitFor({ timeout: 20_000 });
    return { page, problems };
  }

  it.each([
    ["cohorts", /students started \(enrolled at census\)/],
    ["schools", /schools had enough students to estimate/],
    ["alumni", /contactable alumni, of whom/],
  ] as const)("%s loads with a labelled chart and no console error or failed request", async (path, lede) => {
    const { page, problems } = await open(path);
    await expect(page.locator("main").textContent()).resolves.toMatch(lede);
    expect(await page.locator("svg[aria-label]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, `${path}.png`), fullPage: true });
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });

  it("cohorts: choosing another breakdown redraws the chart and the table by that breakdown", async () => {
    const { page, problems } = await open("cohorts");
    const chart = page.locator("svg[aria-label]").first();
    await expect(chart.getAttribute("aria-label")).resolves.toMatch(/by prior education/);
    await page
      .locator("form", { hasText: "Break down by" })
      .locator("select")
      .selectOption({ label: "Application route" });
    await page.waitForFunction(() =>
      document.querySelector("svg[aria-label]")?.getAttribute("aria-label")?.includes("by application route"),
    );
    await expect(page.locator("table thead").first().textContent()).resolves.toMatch(/application route/);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });

  it("schools: searching for one school code narrows the forest plot and table to it", async () => {
    const { page, problems } = await open("schools");
    const rows = page.locator("table").first().locator("tbody tr");
    const before = await rows.count();
    expect(before).toBeGreaterThan(1);
    const code = (await rows.first().locator("td").nth(1).textContent())!.trim();
    await page.locator("input[type=search]").first().fill(code);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(page.locator("svg[aria-label]").first().getAttribute("aria-label")).resolves.toMatch(
      /Forest plot of 1 schools/,
    );
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });

  it("alumni: choosing a graduation period changes the figures shown", async () => {
    const { page, problems } = await open("alumni");
    const lede = page.locator("p.lede").first();
    const before = await lede.textContent();
    const select = page.locator("form", { hasText: "Graduated" }).locator("select");
    const periods = await select.locator("option").allTextContents();
    await select.selectOption({ label: periods[1]! });
    await expect.poll(() => lede.textContent()).not.toBe(before);
    await expect(lede.textContent()).resolves.toContain(periods[1]!);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await page.close();
  });
});
