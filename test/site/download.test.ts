import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { launchBrowser, watchProblems } from "../helpers/browser.ts";
import { parseCsv } from "../helpers/csv.ts";
import { sharedDemoSite } from "../helpers/demo-site.ts";
import { classOf, type Manifest } from "./recompute.ts";

type Row = Record<string, unknown>;

/** Tables of school-of-origin cells, whose counts are withheld under minSchoolCell (DESIGN §7). */
const SCHOOL_TABLES = new Set(["pub_school_performance", "pub_school_feeder"]);

/**
 * What a CSV of published rows must hold, written here again: the published columns less the suppression
 * flags of columns that are there; a withheld count as the release's marker, a withheld rate or mean as
 * "suppressed", no figure as an empty field; text a spreadsheet would run as a formula behind an apostrophe.
 */
function expectedCsv(rows: Row[], table: string, manifest: Manifest): string[][] {
  // every column any row has (a metric with no window leaves that key out), in the order first met
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = keys.filter((k) => !(k.endsWith("_suppressed") && keys.includes(k.slice(0, -11))));
  const least = Math.max(manifest.disclosure.minCount, manifest.disclosure.minSchoolCell);
  const marker = SCHOOL_TABLES.has(table) ? `<${least}` : manifest.disclosure.marker;
  const field = (row: Row, column: string): string => {
    const value = row[column];
    if (value == null) {
      const flag = [`${column}_suppressed`, `${column.replace(/_(low|high)$/, "")}_suppressed`].find(
        (k) => k in row,
      );
      if (!flag || row[flag] !== true) return "";
      return classOf(column) === "count" ? marker : "suppressed";
    }
    if (Array.isArray(value)) return value.join("; ");
    // a structured value (a metric's window) as its JSON
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    return typeof value === "string" && /^[=+\-@]/.test(text) ? `'${text}` : text;
  };
  return [columns, ...rows.map((row) => columns.map((column) => field(row, column)))];
}

/** Rows compared as a set: a page may sort what it draws (by share, by stage) but must not add or drop one. */
const sorted = ([header, ...rows]: string[][]) => [header, ...rows.map((r) => JSON.stringify(r)).sort()];

/**
 * On every page, "Download CSV" under one chart (a table on Definitions, which has none) gives the rows of
 * that chart's published table, selected as the page's filters select them, with suppressed cells as the
 * release's marker; and a link with filter state opens the page on those filters. One demo site for all.
 */
describe("every chart's CSV is its published rows; a link keeps the page's filters", () => {
  const project = { dir: "" };
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  const published = (table: string): Row[] =>
    JSON.parse(readFileSync(join(project.dir, "data", "publish", `${table}.json`), "utf8"));
  let manifest: Manifest & { intakes: { intake: string; previous_intake: string | null }[] };

  beforeAll(async () => {
    const site = await sharedDemoSite();
    project.dir = site.dir;
    manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    server = await serveStatic(site.out, 0);
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    server?.server.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems = watchProblems(page);
    await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
    await page.locator("main h1").first().waitFor({ timeout: 20_000 });
    await page.locator("main button.slm-download").first().waitFor({ timeout: 20_000 });
    expect(problems, path).toEqual({ consoleErrors: [], failedRequests: [] });
    return page;
  }

  /** Clicks the first "Download CSV" of the published table and reads the file the browser saved. */
  async function downloadOf(page: Page, table: string): Promise<{ name: string; lines: string[][] }> {
    const button = page.locator(`main button.slm-download[data-table="${table}"]`).first();
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), lines: parseCsv(readFileSync(file, "utf8")) };
  }

  // A choice other than each page's default wherever one exists, so the file must follow the filter.
  const intakesWith = (table: string, has: (row: Row) => boolean) =>
    manifest.intakes
      .map((i) => i.intake)
      .filter((i) => published(table).some((r) => r.intake === i && has(r)));
  const previousOf = (intake: string) => manifest.intakes.find((i) => i.intake === intake)?.previous_intake;

  /** Per page: the address to open, the published table of the chart whose file is checked, and its rows. */
  const cases = (): { path: string; table: string; rows: Row[] }[] => {
    const progressIntake = intakesWith("pub_cycle_progress", (r) => r.stage === "admitted").at(-2)!;
    const funnelRow = published("pub_funnel_by_intake").find(
      (r) => r.total_over === null && r.programme_code != null && r.intake === progressIntake,
    )!;
    const trialIntake = intakesWith("pub_open_days_by_session", (r) => r.event_type === "trial_lecture")[0]!;
    const channelIntake = intakesWith("pub_attribution", (r) => r.outcome === "enrolled")[0]!;
    const cohortIntake = intakesWith("pub_cohorts_by_application_route", () => true)[0]!;
    const period = published("pub_alumni_engagement").find((r) => r.graduation_period != null)!
      .graduation_period as string;
    return [
      {
        path: `?intake=${progressIntake}&stage=admitted`,
        table: "pub_cycle_progress",
        rows: published("pub_cycle_progress").filter(
          (r) =>
            (r.intake === progressIntake || r.intake === previousOf(progressIntake)) &&
            r.stage === "admitted",
        ),
      },
      {
        path: `funnel?intake=${funnelRow.intake}&programme=${funnelRow.programme_code}`,
        table: "pub_funnel_by_intake",
        rows: published("pub_funnel_by_intake").filter(
          (r) =>
            r.intake === funnelRow.intake &&
            r.ordering === "any" &&
            r.programme_code === funnelRow.programme_code &&
            r.total_over === null,
        ),
      },
      {
        path: `open-days?intake=${trialIntake}&event=trial_lecture`,
        table: "pub_open_days_by_session",
        rows: published("pub_open_days_by_session").filter(
          (r) => r.intake === trialIntake && r.event_type === "trial_lecture" && r.total_over === null,
        ),
      },
      {
        path: `channels?intake=${channelIntake}&outcome=enrolled`,
        table: "pub_attribution",
        rows: published("pub_attribution").filter(
          (r) => r.intake === channelIntake && r.outcome === "enrolled" && r.total_over !== null,
        ),
      },
      {
        path: `cohorts?intake=${cohortIntake}&by=application_route`,
        table: "pub_cohorts_by_application_route",
        rows: published("pub_cohorts_by_application_route").filter(
          (r) => r.intake === cohortIntake && r.total_over === "programme_code",
        ),
      },
      {
        path: "schools?outcome=completion&adjustment=none",
        table: "pub_school_performance",
        rows: published("pub_school_performance").filter(
          (r) => r.outcome === "completion" && r.adjustment === "none" && !r.estimate_suppressed,
        ),
      },
      {
        path: `alumni?graduated=${period}`,
        table: "pub_alumni_engagement",
        rows: published("pub_alumni_engagement").filter(
          (r) => r.total_over === null && r.graduation_period === period,
        ),
      },
      {
        path: "outreach?period=30+days",
        table: "pub_contact_pressure_distribution",
        rows: published("pub_contact_pressure_distribution").filter(
          (r) => r.period === "30 days" && r.total_over === null,
        ),
      },
      {
        path: "quality",
        table: "pub_quarantine_by_reason",
        rows: published("pub_quarantine_by_reason").filter((r) => r.total_over === "reason,source,entity"),
      },
      { path: "definitions", table: "metric_definitions", rows: published("metric_definitions") },
    ];
  };

  it("covers every page of the site", () => {
    const paths = cases().map((c) => c.path.replace(/\?.*/, ""));
    expect(paths.sort()).toEqual(siteConfig.pages.map((p) => p.path.replace(/^\//, "")).sort());
  });

  it("on every page, a chart's Download CSV gives its published rows, filtered as the page shows them", async () => {
    const found: Record<string, unknown> = {};
    let markers = 0;
    for (const { path, table, rows } of cases()) {
      expect(rows.length, `${path}: the demo has rows to download`).toBeGreaterThan(0);
      const page = await open(path);
      const { name, lines } = await downloadOf(page, table);
      await page.close();
      const page_ = path.replace(/\?.*/, "") || "overview";
      if (!name.startsWith(`${page_}_${table.replace(/^pub_/, "").replaceAll("_", "-")}`))
        found[`${path}: file name`] = name;
      const want = sorted(expectedCsv(rows, table, manifest));
      const got = sorted(lines);
      if (JSON.stringify(got) !== JSON.stringify(want))
        found[path] = { got: got.slice(0, 4), want: want.slice(0, 4) };
      markers += lines.flat().filter((f) => f === manifest.disclosure.marker || /^<\d+$/.test(f)).length;
    }
    expect(found).toEqual({});
    // the files carry suppressed cells, and they carry them as the marker
    expect(markers).toBeGreaterThan(0);
  }, 300_000);

  it("a link with filter state opens the page on those filters, and a change is written back to the address", async () => {
    const intake = intakesWith("pub_cycle_progress", (r) => r.stage === "enrolled").at(-3)!;
    const page = await open(`?intake=${intake}&stage=enrolled`);
    const selected = async () => ({
      intake: (await page.locator("main form select option:checked").first().textContent())?.trim(),
      stage: await page.$eval("main input[type=radio]:checked", (e) => e.parentElement?.textContent?.trim()),
    });
    expect(await selected()).toEqual({ intake, stage: manifest.labels.stages.enrolled });
    // another intake, chosen by hand: the address follows, and opening it shows the same view
    const other = intakesWith("pub_cycle_progress", () => true).find((i) => i !== intake)!;
    await page.locator("main form select").first().selectOption({ label: other });
    await page.waitForFunction((i) => window.location.search.includes(`intake=${i}`), other);
    const url = page.url();
    await page.close();
    expect(new URL(url).searchParams.get("stage")).toBe("enrolled");
    const reopened = await open(url.replace(server.url, ""));
    expect((await reopened.locator("main form select option:checked").first().textContent())?.trim()).toBe(
      other,
    );
    expect(
      await reopened.$eval("main input[type=radio]:checked", (e) => e.parentElement?.textContent?.trim()),
    ).toBe(manifest.labels.stages.enrolled);
    await reopened.close();
    // a page with a radio of coded choices and a search box: both restored
    const schools = await open("schools?outcome=completion&adjustment=none&feeder=1");
    const checked = await schools.$$eval("main input[type=radio]:checked", (list) =>
      list.map((e) => e.parentElement?.textContent?.trim()),
    );
    expect(checked).toEqual(["Completion (degree within nominal time)", "Not adjusted"]);
    expect(await schools.locator("main input[type=search]").nth(1).inputValue()).toBe("1");
    await schools.close();
  }, 120_000);
});
