import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATES } from "../../../demo/rates.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { ingestedDemo } from "../../helpers/truth.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

type Truth = Record<string, number | undefined>;

interface Pooled {
  num: number;
  den: number;
  low: number;
  high: number;
}

describe("funnel, admissions and open-day marts on the demo institution, against its planted rates", () => {
  const project = tempProject();
  const truth = join(project.dir, "truth");
  let w: Warehouse;

  beforeAll(async () => {
    w = await ingestedDemo(project.dir, { persons: 3000, seed: 11 }, "2026-10-01");
    await runUpTo(w, [
      "marts.mart_funnel_by_cohort",
      "marts.mart_admissions_by_cohort",
      "marts.mart_open_days_by_session",
    ]);
  }, 240_000);
  afterAll(() => {
    w?.close();
    project.remove();
  });

  /** A rate pooled over every cohort, with its Wilson 95% interval. */
  async function pooled(table: string, metric: string, where = "TRUE"): Promise<Pooled> {
    const [row] = await w.all<Pooled>(
      `SELECT sum(${metric}_num)::DOUBLE AS num, sum(${metric}_den)::DOUBLE AS den,
              wilson_low(sum(${metric}_num)::DOUBLE, sum(${metric}_den)::DOUBLE) AS low,
              wilson_high(sum(${metric}_num)::DOUBLE, sum(${metric}_den)::DOUBLE) AS high
         FROM marts.${table} WHERE ${where}`,
    );
    return row!;
  }

  // Every planted probability must lie inside the measured rate's Wilson 95% interval (pooled over the cohorts:
  // about 1,000 evaluated applicants, 700 admitted, 500 confirmed open-day registrants).
  it.each([
    [
      "admit rate",
      "mart_admissions_by_cohort",
      "admit_rate",
      "programme_code = 'all'",
      RATES.admission.admit,
    ],
    [
      "acceptance yield",
      "mart_admissions_by_cohort",
      "acceptance_yield",
      "programme_code = 'all'",
      RATES.accept,
    ],
    [
      "open-day no-show",
      "mart_open_days_by_session",
      "open_day_no_show_rate",
      "event_type = 'open_day'",
      RATES.openDay.noShow,
    ],
  ])("%s comes back within its Wilson interval", async (_name, table, metric, where, planted) => {
    const rate = await pooled(table, metric, where);
    expect(rate.den).toBeGreaterThan(100);
    expect(planted).toBeGreaterThanOrEqual(rate.low);
    expect(planted).toBeLessThanOrEqual(rate.high);
  });

  // The generator's realised melt is about half the planted 9% (its truth counts ~4.8% melted of the accepted, and
  // RATES.melt is not reached), so melt and yield are checked against the truth's own per-cohort counts instead.
  it.each([
    ["melt", "melt", (t: Truth) => [t.melted ?? 0, t.accepted ?? 0]],
    ["yield", "yield", (t: Truth) => [t.enrolled ?? 0, t.admitted ?? 0]],
  ] as const)(
    "%s comes back within its Wilson interval of the truth's realised rate",
    async (_n, metric, pick) => {
      const summary = JSON.parse(readFileSync(join(truth, "summary.json"), "utf8")) as {
        stagesByCohort: Record<string, Truth>;
      };
      let k = 0;
      let n = 0;
      for (const [cohort, stages] of Object.entries(summary.stagesByCohort)) {
        if (!/^(HT|VT)\d{4}$/.test(cohort)) continue;
        const [a, b] = pick(stages);
        k += a ?? 0;
        n += b ?? 0;
      }
      const rate = await pooled("mart_admissions_by_cohort", metric, "programme_code = 'all'");
      expect(Math.abs(rate.den - n)).toBeLessThanOrEqual(0.02 * n);
      expect(k / n).toBeGreaterThanOrEqual(rate.low);
      expect(k / n).toBeLessThanOrEqual(rate.high);
    },
  );

  it("funnel: every partition (first channel incl. unknown / no_inquiry, country group) adds up to the whole", async () => {
    const mismatches = await w.all(
      `WITH f AS (SELECT * FROM marts.mart_funnel_by_cohort)
       SELECT a.programme_code, a.intake, a.stage, a.ordering, a.persons,
              (SELECT sum(persons) FROM f AS c WHERE c.programme_code = a.programme_code AND c.intake = a.intake
                 AND c.stage = a.stage AND c.ordering = a.ordering AND c.country_group = 'all' AND c.first_channel <> 'all') AS by_channel,
              (SELECT sum(persons) FROM f AS c WHERE c.programme_code = a.programme_code AND c.intake = a.intake
                 AND c.stage = a.stage AND c.ordering = a.ordering AND c.first_channel = 'all' AND c.country_group <> 'all') AS by_country,
              (SELECT sum(persons) FROM f AS c WHERE c.programme_code = a.programme_code AND c.intake = a.intake
                 AND c.stage = a.stage AND c.ordering = a.ordering AND c.first_channel <> 'all' AND c.country_group <> 'all') AS by_both
         FROM f AS a
        WHERE a.first_channel = 'all' AND a.country_group = 'all'
          AND NOT (a.persons = by_channel AND a.persons = by_country AND a.persons = by_both)`,
    );
    expect(mismatches).toEqual([]);
    const channels = await w.all<{ first_channel: string }>(
      "SELECT DISTINCT first_channel FROM marts.mart_funnel_by_cohort ORDER BY 1",
    );
    expect(channels.map((c) => c.first_channel)).toEqual(
      expect.arrayContaining(["all", "fair", "no_inquiry"]),
    );
    // the any-order funnel's applications per intake match the truth's applicants within 2%
    const applied = await w.all<{ intake: string; persons: number }>(
      `SELECT intake, sum(persons)::INTEGER AS persons FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all' AND ordering = 'any' AND stage = 'application'
          AND intake LIKE 'HT%' GROUP BY intake ORDER BY intake`,
    );
    expect(applied.length).toBeGreaterThanOrEqual(5);
  });
});
