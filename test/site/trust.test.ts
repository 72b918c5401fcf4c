import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { formats } from "../../src/components/format.js";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { slm, tempProject } from "../helpers/project.ts";

type Row = Record<string, unknown>;

/**
 * One site, built from the demo with privacy.minCount = 10 (not the default 5): every page must state the
 * settings the release was made with, mark suppressed cells with its marker, and its headline numbers
 * must be the published ones, the same on Overview and Funnel.
 */
describe("the site says what its numbers are, with the release's disclosure settings", () => {
  const project = tempProject("slm-trust-");
  const out = join(project.dir, "site");
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  const published = (table: string): Row[] =>
    JSON.parse(readFileSync(join(project.dir, "data", "publish", `${table}.json`), "utf8"));

  beforeAll(async () => {
    const run = (args: string[]) => {
      const result = slm(project.dir, args);
      if (result.code !== 0) throw new Error(`slm ${args.join(" ")}: ${result.stderr}`);
    };
    run(["demo", "--persons", "2000", "--no-site"]);
    const configFile = join(project.dir, "slm.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    config.privacy.minCount = 10;
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    run(["run", "--full"]);
    run(["site", "build", "--out", out]);
    server = await serveStatic(out, 0);
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    server?.server.close();
    project.remove();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
    await page.locator("main h1").first().waitFor({ timeout: 20_000 });
    await page.locator("main figure, main svg, main table").first().waitFor({ timeout: 20_000 });
    expect(problems, path).toEqual({ consoleErrors: [], failedRequests: [] });
    return page;
  }

  /** The label of the option a select shows (Inputs.select's option values are indices). */
  const chosen = async (page: Page, label: string) =>
    (
      (await page
        .locator("form", { hasText: label })
        .locator("select option:checked")
        .first()
        .textContent()) ?? ""
    ).trim();

  it("the release was made with minCount 10", () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    expect(manifest.disclosure).toMatchObject({ minCount: 10, marker: "<10" });
  });

  it("no page, note or footer says 'fewer than 5' or '<5'; they state 10", async () => {
    const texts: Record<string, string> = {};
    for (const { path } of siteConfig.pages) {
      const page = await open(path.replace(/^\//, ""));
      texts[path] = (await page.locator("body").textContent()) ?? "";
      await page.close();
    }
    for (const [path, text] of Object.entries(texts)) {
      expect(text, path).not.toMatch(/fewer than 5(?!\d)/);
      expect(text, path).not.toMatch(/<5(?!\d)/);
      expect(text, path).not.toMatch(/under 5 persons/);
    }
    expect(texts["/"]).toContain("a cell with fewer than 10 persons is suppressed and shown as “<10”");
    expect(texts["/definitions"]).toContain("a cell with fewer than 10 persons is suppressed");
    // the footer, on every page
    for (const text of Object.values(texts)) expect(text).toContain("cells under 10 persons shown as “<10”");
  }, 240_000);

  it("a suppressed cell of the published file is rendered as <10, with a tooltip saying why", async () => {
    const page = await open("funnel");
    const intake = await chosen(page, "Intake");
    const rows = published("pub_admissions_by_intake").filter((d) => d.intake === intake);
    const columns = ["evaluated", "admitted", "accepted", "enrolled"];
    const suppressed = rows.flatMap((d) => columns.filter((c) => d[`${c}_suppressed`] === true));
    expect(suppressed.length).toBeGreaterThan(0);
    const admissions = page.locator("main table").last();
    // every suppressed count of the intake's rows is marked, and only those (a suppressed rate says so in words)
    const markers = admissions.locator("td .slm-suppressed", { hasText: /^<10$/ });
    await expect.poll(() => markers.count()).toBe(suppressed.length);
    expect(await markers.first().getAttribute("title")).toBe(
      "Suppressed to protect privacy: fewer than 10 persons, or hidden together with such a cell so it cannot be worked out from the totals.",
    );
    await page.close();
  }, 60_000);

  it("headline numbers are the published ones; a rate is the quotient of the counts beside it; Overview and Funnel agree", async () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    const f = formats(manifest.locale);
    const shown = (value: unknown, format: (v: number) => string = f.num) =>
      value == null ? manifest.disclosure.marker : format(value as number);
    const figure = (page: Page, name: string) =>
      page.locator(`p.lede [data-figure=${name}]`).first().textContent();
    const funnel = published("pub_funnel_by_intake");
    const progress = published("pub_cycle_progress");

    // Overview, as it opens, then on the entry stage
    const overview = await open("");
    const intake = await chosen(overview, "Intake");
    await overview.locator("form", { hasText: "Stage" }).locator("input[type=radio]").first().check();
    await expect.poll(() => overview.locator("p.lede").first().textContent()).toContain("“Inquiry”");
    const margin = (stage: string) =>
      funnel.find(
        (d) =>
          d.intake === intake &&
          d.ordering === "any" &&
          d.stage === stage &&
          d.total_over === "programme_code",
      )!;
    expect(await figure(overview, "cohort")).toBe(shown(margin("inquiry").persons));
    // the week-by-week figures: the latest week this intake was measured on, and the previous cycle's
    const latestWeek = Math.min(
      ...progress.filter((d) => d.intake === intake).map((d) => d.weeks_to_deadline as number),
    );
    const week = (i: string) =>
      progress.find((d) => d.intake === i && d.stage === "inquiry" && d.weeks_to_deadline === latestWeek)
        ?.persons;
    expect(await figure(overview, "now")).toBe(shown(week(intake)));
    // the previous cycle of the same intake, as the calendar in the manifest pairs them
    const previousIntake = manifest.intakes.find((d: Row) => d.intake === intake).previous_intake;
    expect(await figure(overview, "previous")).toBe(shown(week(previousIntake)));
    const now = week(intake) as number | null;
    const before = week(previousIntake) as number | null;
    if (now != null && before) {
      expect(await figure(overview, "change")).toBe(f.signedPct(0)(now / before - 1));
    }
    const overviewInquiries = await figure(overview, "cohort");
    await overview.close();

    // Funnel, on the same intake, as of the reference date, all programmes, any order
    const page = await open("funnel");
    const intakeSelect = page.locator("form", { hasText: "Intake" }).locator("select").first();
    await intakeSelect.selectOption({ label: intake });
    await expect.poll(() => page.locator("p.lede").first().textContent()).toContain(intake);
    const enrolled = margin("enrolled");
    expect(await figure(page, "entered")).toBe(shown(margin("inquiry").persons));
    expect(await figure(page, "cohort")).toBe(shown(enrolled.cumulative_den));
    expect(await figure(page, "enrolled")).toBe(shown(enrolled.cumulative_num));
    expect(await figure(page, "rate")).toBe(shown(enrolled.cumulative_conversion, f.pct(0)));
    // the rate is the quotient of the two numbers printed beside it
    const number = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));
    const [num, den] = [number(await figure(page, "enrolled")), number(await figure(page, "cohort"))];
    expect(await figure(page, "rate")).toBe(f.pct(0)(num / den));
    // the same intake, stage and date: the same count on both pages
    expect(await figure(page, "entered")).toBe(overviewInquiries);
    await page.close();
  }, 90_000);

  it("the smaller promises: stage names not ids, intakes by start date, no blank programme, no ignored choice, no skipped band, the intake kept", async () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    const funnel = await open("funnel");
    const options = (label: string) =>
      funnel.locator("form", { hasText: label }).locator("select option").allTextContents();
    // stage labels come from the registry: no id on the page
    expect
      .soft(await funnel.locator("main").textContent())
      .not.toMatch(/open_day_registered|open_day_attended|first_year_progression|no_inquiry/);
    // newest first by the calendar's start date, not as text
    const starts = new Map<string, string>((manifest.intakes ?? []).map((d: Row) => [d.intake, d.start_on]));
    const intakes = await options("Intake");
    expect.soft(intakes).toEqual([...intakes].sort((a, b) => (starts.get(b)! < starts.get(a)! ? -1 : 1)));
    expect
      .soft(intakes.some((i, k) => k > 0 && i.startsWith("VT") && intakes[k - 1]!.startsWith("HT")))
      .toBe(true);
    expect.soft((await options("Programme")).filter((label) => label.trim() === "")).toEqual([]);
    await funnel.close();

    // the contact histogram skips no band
    const outreach = await open("outreach");
    const ticks = await outreach
      .locator("svg[aria-label^='Bar chart'] [aria-label='x-axis tick label'] text")
      .allTextContents();
    const bands = ticks.map((t) => Number.parseInt(t, 10));
    expect.soft(bands.length).toBeGreaterThan(3);
    expect.soft(bands).toEqual(bands.map((_, k) => k + 1));
    await outreach.close();

    // Cohorts keeps the intake chosen when the breakdown changes
    const cohorts = await open("cohorts");
    const intakeSelect = cohorts.locator("form", { hasText: "Intake" }).locator("select");
    // the oldest: never the intake the page opens on
    await intakeSelect.selectOption({ index: (await intakeSelect.locator("option").count()) - 1 });
    const picked = await chosen(cohorts, "Intake");
    await cohorts.locator("form", { hasText: "Break down by" }).locator("select").selectOption({ index: 1 });
    await expect
      .poll(() => cohorts.locator("main table thead").first().textContent())
      .toMatch(/application route/);
    expect.soft(await chosen(cohorts, "Intake")).toBe(picked);
    await cohorts.close();

    const again = await open("funnel");
    // a programme and a first channel: the split cannot apply the programme, and the sentence says so
    await again.locator("form", { hasText: "Programme" }).locator("select").selectOption({ index: 1 });
    await again.locator("form", { hasText: "First channel" }).locator("select").selectOption({ index: 1 });
    await expect
      .poll(() => again.locator("p.lede").first().textContent())
      .toMatch(/published over all programmes only, so the programme chosen \(.+\) is not applied/);
    await again.close();
  }, 90_000);
});
