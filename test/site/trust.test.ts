import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../app/site/static-server.ts";
import siteConfig from "../../observablehq.config.ts";
import { formats } from "../../src/components/format.js";
import {
  type CellReading,
  launchBrowser,
  readCells,
  readFigures,
  watchProblems,
} from "../helpers/browser.ts";
import { sharedDemoSite } from "../helpers/demo-site.ts";
import { expectedCell, formatsOf, type Manifest, newcombe, rowsWithKey } from "./recompute.ts";

type Row = Record<string, unknown>;

/**
 * One site, built from the demo with privacy.minCount = 10 (not the default 5): every page must state the
 * settings the release was made with, mark suppressed cells with its marker, and its headline numbers
 * must be the published ones, the same on Overview and Funnel.
 */
describe("the site says what its numbers are, with the release's disclosure settings", () => {
  // the shared demo site is made with privacy.minCount = 10 (SITE_TEST_MIN_COUNT)
  const project = { dir: "" };
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  const published = (table: string): Row[] =>
    JSON.parse(readFileSync(join(project.dir, "data", "publish", `${table}.json`), "utf8"));

  beforeAll(async () => {
    const site = await sharedDemoSite();
    project.dir = site.dir;
    server = await serveStatic(site.out, 0);
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    server?.server.close();
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

  it("charts label programmes, stages and groups by name: no axis, legend or label is a bare code or id", async () => {
    const programmes = published("pub_programmes").map((d) => d.programme_code as string);
    const manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    const ids = new Set([
      ...programmes,
      ...Object.keys(manifest.labels.stages),
      ...Object.keys(manifest.labels.groups),
      "none",
    ]);
    const bare = (label: string) => ids.has(label) || /^[a-z0-9]+(_[a-z0-9]+)+$/.test(label);
    const labels = (page: Page) =>
      page
        .locator("main svg text, main figure > div span, main figure > div > div")
        .evaluateAll((nodes) => nodes.map((n) => (n.textContent ?? "").trim()).filter(Boolean));
    const found: Record<string, string[]> = {};
    const look = async (path: string, page: Page) => {
      const codes = (await labels(page)).filter(bare);
      if (codes.length > 0) found[path] = [...new Set(codes)];
    };
    for (const { path } of siteConfig.pages) {
      const page = await open(path.replace(/^\//, ""));
      await look(path, page);
      if (path === "/cohorts") {
        // the breakdown whose groups are codes (no_application)
        await page
          .locator("form", { hasText: "Break down by" })
          .locator("select")
          .selectOption({ label: "Application route" });
        await expect
          .poll(() => page.locator("main table thead").first().textContent())
          .toMatch(/application route/);
        await look(`${path} by application route`, page);
      }
      await page.close();
    }
    expect(found).toEqual({});
  }, 240_000);

  /**
   * Every figure of every page's headline sentences, under the page's default selections, recomputed here
   * from the published files: each page's numbers in the test's own code (recompute.ts formats them).
   */
  it("every headline figure on every page is the published number, formatted and marked as the rules say", async () => {
    const manifest = JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"),
    ) as Manifest;
    const f = formatsOf(manifest.locale);
    const marker = manifest.disclosure.marker;
    const count = (v: unknown) => (v == null ? marker : f.num(v as number));
    const rate = (v: unknown, digits = 0) => (v == null ? marker : f.pct(digits)(v as number));
    const expected: Record<string, (page: Page) => Promise<Record<string, string>>> = {
      "/": async (page) => {
        const intake = await chosen(page, "Intake");
        const stage = "application";
        const funnelRow = rowsWithKey(published("pub_funnel_by_intake"), {
          intake,
          ordering: "any",
          stage,
          total_over: "programme_code",
        })[0];
        const progress = published("pub_cycle_progress");
        const week = Math.min(
          ...progress.filter((d) => d.intake === intake).map((d) => d.weeks_to_deadline as number),
        );
        const previous = manifest.intakes.find((d) => d.intake === intake)?.previous_intake;
        const at = (i: unknown) =>
          progress.find((d) => d.intake === i && d.stage === stage && d.weeks_to_deadline === week)
            ?.persons as number | null | undefined;
        const [now, before] = [at(intake), at(previous)];
        // the week is said in words, and the note's deadlines are the calendar's for the two intakes
        const lede = (await page.locator("p.lede").first().textContent()) ?? "";
        expect(lede).toContain(
          week > 0
            ? `${week} weeks before`
            : week === 0
              ? "at the application deadline"
              : `${-week} weeks after`,
        );
        const day = (iso: string) =>
          new Date(`${iso}T00:00:00Z`).toLocaleDateString(manifest.locale, {
            day: "numeric",
            month: "long",
            year: "numeric",
            timeZone: "UTC",
          });
        const deadline = (i: unknown) => manifest.intakes.find((d) => d.intake === i)!.deadline;
        expect(await page.locator("main").textContent()).toContain(
          `(${intake}: ${day(deadline(intake))}; ${previous}: ${day(deadline(previous))})`,
        );
        const inquiries = published("pub_inquiries_by_month_channel");
        return {
          cohort: count(funnelRow?.persons),
          now: count(now),
          previous: count(before),
          ...(now != null && before ? { change: f.signedPct(0)(now / before - 1) } : {}),
          cells_suppressed: f.num(inquiries.filter((d) => d.inquirers_suppressed === true).length),
          cells: f.num(inquiries.length),
        };
      },
      "/funnel": async (page) => {
        const intake = await chosen(page, "Intake");
        const margin = (stage: string) =>
          rowsWithKey(published("pub_funnel_by_intake"), {
            intake,
            ordering: "any",
            stage,
            total_over: "programme_code",
          })[0];
        const enrolled = margin("enrolled");
        const out: Record<string, string> = { entered: count(margin("inquiry")?.persons) };
        if (enrolled && enrolled.data_status === "ok") {
          Object.assign(out, {
            cohort: count(enrolled.cumulative_den),
            enrolled: count(enrolled.cumulative_num),
            rate: enrolled.cumulative_conversion_suppressed ? marker : rate(enrolled.cumulative_conversion),
          });
        }
        return out;
      },
      "/open-days": async (page) => {
        const intake = await chosen(page, "Intake");
        const sessions = published("pub_open_days_by_session").filter(
          (d) => d.intake === intake && d.event_type === "open_day",
        );
        const total = sessions.find((d) => d.total_over !== null)!;
        const out: Record<string, string> = {
          sessions: f.num(sessions.filter((d) => d.total_over === null).length),
          capacity: count(total.capacity),
          confirmed: count(total.confirmed),
          checkins: count(total.checkins),
          walk_ins: count(total.walk_ins),
        };
        if (total.confirmed != null && total.capacity) {
          out.fill = f.pct(0)((total.confirmed as number) / (total.capacity as number));
        }
        if (!total.open_day_no_show_rate_suppressed && total.open_day_no_show_rate != null) {
          Object.assign(out, {
            no_show: rate(total.open_day_no_show_rate),
            no_show_low: rate(total.open_day_no_show_rate_low),
            no_show_high: rate(total.open_day_no_show_rate_high),
            no_show_of: count(total.confirmed),
          });
        }
        const applied = rowsWithKey(published("pub_event_lift_by_intake"), {
          intake,
          event_type: "open_day",
          outcome: "applied",
        })[0];
        if (applied && applied.attendee_rate != null && applied.comparison_rate != null) {
          const n = newcombe(
            ...(["attendee_rate", "attendee_rate_low", "attendee_rate_high"].map((k) => applied[k]) as [
              number,
              number,
              number,
            ]),
            ...(["comparison_rate", "comparison_rate_low", "comparison_rate_high"].map((k) => applied[k]) as [
              number,
              number,
              number,
            ]),
          );
          Object.assign(out, { lift: f.pp(n.lift), lift_low: f.pp(n.low), lift_high: f.pp(n.high) });
        }
        return out;
      },
      "/channels": async (page) => {
        const intake = await chosen(page, "Intake");
        const first = published("pub_attribution").filter(
          (d) =>
            d.intake === intake &&
            d.outcome === "applied" &&
            d.model === "first_touch" &&
            d.total_over !== null,
        );
        const top = first
          .filter((d) => d.persons != null && d.channel !== "none")
          .sort((a, b) => (b.persons as number) - (a.persons as number))[0];
        const none = first.find((d) => d.channel === "none");
        return {
          ...(top ? { top: count(top.persons) } : {}),
          ...(none?.persons != null ? { none: count(none.persons) } : {}),
        };
      },
      "/cohorts": async (page) => {
        const intake = await chosen(page, "Intake");
        const total = rowsWithKey(published("pub_cohorts_by_prior_education"), {
          intake,
          total_over: "programme_code,prior_education",
        })[0];
        return {
          students: count(total?.students),
          ...(total && !total.progression_suppressed && total.progression != null
            ? { progression: rate(total.progression) }
            : {}),
          ...(total && !total.first_year_credits_suppressed && total.first_year_credits != null
            ? { credits: f.dec(1)(total.first_year_credits as number) }
            : {}),
        };
      },
      "/schools": async () => {
        const estimated = published("pub_school_performance").filter(
          (d) =>
            d.outcome === "first_year_credits" && d.adjustment === "entry_grade" && !d.estimate_suppressed,
        );
        const differ = estimated.filter(
          (d) => (d.estimate_low as number) > 0 || (d.estimate_high as number) < 0,
        );
        return {
          schools: f.num(estimated.length),
          least: f.num(Math.max(manifest.disclosure.minCount, manifest.disclosure.minSchoolCell)),
          differ: f.num(differ.length),
        };
      },
      "/alumni": async () => {
        const total = rowsWithKey(published("pub_alumni_engagement"), {
          total_over: "programme_code,graduation_period",
        })[0]!;
        return {
          contactable: count(total.contactable),
          active: count(total.active),
          ...(total.active_alumni_share != null ? { share: rate(total.active_alumni_share) } : {}),
        };
      },
      "/outreach": async () => {
        const pressure = published("pub_contact_pressure_distribution").filter((d) => d.period === "7 days");
        const over = pressure.filter((d) => d.total_over === null && d.cap === "over the cap");
        return {
          mailed: count(pressure.find((d) => d.total_over !== null)?.persons),
          over_cap: f.num(over.reduce((sum, d) => sum + ((d.persons as number | null) ?? 0), 0)),
        };
      },
      "/quality": async () => {
        const freshness = published("pub_data_freshness");
        const read = freshness.reduce((sum, d) => sum + (d.rows_read as number), 0);
        const grand = published("pub_quarantine_by_reason").find(
          (d) => d.total_over === "reason_family,reason,source,entity",
        )!;
        expect(grand.rows_quarantined_suppressed).toBe(false);
        return {
          extracts: f.num(freshness.length),
          sources: f.num(new Set(freshness.map((d) => d.source)).size),
          read: f.num(read),
          quarantined: f.num(grand.rows_quarantined as number),
          rows_in_all: f.num(grand.rows_quarantined as number),
          quarantined_share: f.pct(2)((grand.rows_quarantined as number) / read),
        };
      },
      "/definitions": async () => ({}),
    };
    expect(Object.keys(expected).sort()).toEqual(siteConfig.pages.map((p) => p.path).sort());
    for (const { path } of siteConfig.pages) {
      const page = await open(path.replace(/^\//, ""));
      const want = await expected[path]!(page);
      // every marked figure of the page is one the test recomputes, and each reads as recomputed
      expect.soft(await readFigures(page), path).toEqual(want);
      await page.close();
    }
  }, 240_000);

  it("the Funnel as of a week of the cycle shows the week-by-week counts the Overview reads", async () => {
    const manifest = JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"),
    ) as Manifest;
    const f = formatsOf(manifest.locale);
    const page = await open("funnel");
    const intake = await chosen(page, "Intake");
    await page
      .locator("form", { hasText: "As of" })
      .locator("select")
      .selectOption({ label: "the application deadline" });
    await expect.poll(() => page.locator("p.lede").first().textContent()).toContain("at the deadline");
    const week = (stage: string) =>
      rowsWithKey(published("pub_cycle_progress"), { intake, stage, weeks_to_deadline: 0 })[0];
    const shown = (row: Row | undefined) =>
      row?.persons == null ? manifest.disclosure.marker : f.num(row.persons as number);
    const enrolled = week("enrolled");
    expect(await readFigures(page)).toEqual({
      entered: shown(week("inquiry")),
      ...(enrolled ? { enrolled: shown(enrolled) } : {}),
    });
    await page.close();
  }, 60_000);

  /**
   * Every cell of every table on every page, under the default selections: the table component names the
   * published table, row key and column of each cell (data-table, data-key, data-column), and the cell reads
   * as that published value formatted by the test's own rules (locale, suppression marker, "–").
   */
  it("every table cell on every page is the published value it names; the few computed ones are recomputed", async () => {
    const manifest = JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"),
    ) as Manifest;
    const f = formatsOf(manifest.locale);
    // the Schools page shows completion in percentage points and credits as they are, both to one decimal
    const schoolFigure = (v: number, row: Row) => f.dec(1)(v * (row.outcome === "completion" ? 100 : 1));
    const custom: Record<string, (v: number, row: Row) => string> = {
      ...Object.fromEntries(
        ["mean_outcome", "raw_difference", "estimate", "estimate_low", "estimate_high"].map((c) => [
          `pub_school_performance.${c}`,
          schoolFigure,
        ]),
      ),
      "pub_school_performance.shrink_factor": (v) => f.dec(2)(v),
      "pub_alumni_engagement.engagement_score": (v) => f.dec(2)(v),
    };
    // computed cells, which name no single published value: checked below from the cells they are made of
    const computed: Record<string, string[]> = { "/": ["change"], "/open-days": ["difference"] };
    const problems: string[] = [];
    let checked = 0;
    for (const { path } of siteConfig.pages) {
      const page = await open(path.replace(/^\//, ""));
      const cells = await readCells(page);
      for (const cell of cells) {
        if (!cell.table) {
          if (cell.kind !== "text" && !(computed[path] ?? []).includes(cell.shown)) {
            problems.push(`${path} ${cell.shown} "${cell.text}": names no published value`);
          }
          continue;
        }
        const want = expectedCell(cell, published, manifest, custom);
        if (want.text === undefined && !want.problem) continue;
        checked += 1;
        if (want.problem) problems.push(`${path} ${cell.shown}: ${want.problem}`);
        else if (want.text !== cell.text) {
          problems.push(`${path} ${cell.shown} ${cell.key}: shows "${cell.text}", published ${want.text}`);
        }
      }
      if (path === "/") problems.push(...overviewChanges(cells, f));
      if (path === "/open-days") problems.push(...(await openDayLifts(page, f)));
      await page.close();
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  }, 240_000);

  /** The Overview's change column: the week's count against the previous cycle's, as the row shows them. */
  function overviewChanges(cells: CellReading[], f: ReturnType<typeof formatsOf>): string[] {
    const problems: string[] = [];
    for (const row of new Set(cells.map((c) => c.row))) {
      const of = (shown: string) => cells.find((c) => c.row === row && c.shown === shown);
      const change = of("change");
      if (!change) continue;
      const value = (cell: CellReading | undefined) =>
        cell?.table
          ? (rowsWithKey(published(cell.table), JSON.parse(cell.key!))[0]?.persons as
              | number
              | null
              | undefined)
          : undefined;
      const [now, before] = [value(of("now")), value(of("previous"))];
      const want = now != null && before ? f.signedPct(0)(now / before - 1) : "–";
      if (change.text !== want)
        problems.push(`/ change (row ${row}): shows "${change.text}", computed ${want}`);
    }
    return problems;
  }

  /** The Open days lift column: the difference of the published rates with Newcombe's interval. */
  async function openDayLifts(page: Page, f: ReturnType<typeof formatsOf>): Promise<string[]> {
    const intake = await chosen(page, "Intake");
    const problems: string[] = [];
    const rows = published("pub_event_lift_by_intake").filter(
      (d) => d.intake === intake && d.event_type === "open_day",
    );
    const cells = await readCells(page);
    for (const d of rows) {
      const shown = cells.find(
        (c) =>
          c.shown === "difference" &&
          cells.some((o) => o.row === c.row && o.key?.includes(`"outcome":"${d.outcome}"`)),
      );
      const bounds = [
        "attendee_rate",
        "attendee_rate_low",
        "attendee_rate_high",
        "comparison_rate",
        "comparison_rate_low",
        "comparison_rate_high",
      ].map((k) => d[k]);
      const suppressed =
        d.attendee_rate_suppressed ||
        d.comparison_rate_suppressed ||
        bounds.slice(0, 4).some((v) => v == null);
      let want = "suppressed";
      if (!suppressed) {
        const n = newcombe(...(bounds as [number, number, number, number, number, number]));
        want = `${f.pp(n.lift)} (${f.pp(n.low)} to ${f.pp(n.high)})`;
      }
      if (shown?.text !== want)
        problems.push(`/open-days lift ${d.outcome}: shows "${shown?.text}", computed ${want}`);
    }
    return problems;
  }
});
