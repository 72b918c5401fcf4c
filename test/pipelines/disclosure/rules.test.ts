import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countThreshold,
  meanStep,
  meanThreshold,
  niceStep,
  publishedInterval,
  publishedRate,
  rateThreshold,
  registerDisclosure,
  roundCount,
  roundToStep,
  shownThreshold,
} from "../../../pipelines/disclosure/index.ts";
import { wilson, wilsonSql } from "../../../pipelines/metrics/wilson.ts";
import { parseConfig } from "../../../warehouse/config.ts";
import { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

const PRIVACY = parseConfig({}).privacy;

describe("disclosure rules", () => {
  it("rounds to the nearest multiple, halves up: 0, 1, 2 -> 0 and 3 -> 5", () => {
    expect([0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 22, 23].map((n) => roundCount(n, 5))).toEqual([
      0, 0, 0, 5, 5, 5, 5, 10, 10, 15, 20, 25,
    ]);
    expect([4, 5, 14, 15].map((n) => roundCount(n, 10))).toEqual([0, 10, 10, 20]);
    for (let n = 0; n < 200; n++) {
      for (const to of [1, 2, 3, 5, 10]) {
        const r = roundCount(n, to);
        expect(r % to).toBe(0);
        expect(Math.abs(r - n)).toBeLessThanOrEqual(to / 2);
      }
    }
  });

  it("reads the default thresholds of DESIGN §7 from configuration, raised for school-of-origin cells", () => {
    expect(PRIVACY).toEqual({
      minCount: 5,
      roundTo: 5,
      minRateDenominator: 23,
      minMeanPersons: 8,
      minSchoolCell: 10,
    });
    expect(countThreshold(PRIVACY, "count")).toBe(5);
    expect(countThreshold(PRIVACY, "school-count")).toBe(10);
    expect(countThreshold(PRIVACY, "count", true)).toBe(10);
    expect(rateThreshold(PRIVACY)).toBe(23);
    expect(rateThreshold({ ...PRIVACY, minSchoolCell: 30 }, true)).toBe(30);
    expect(meanThreshold(PRIVACY)).toBe(8);
    expect(meanThreshold(PRIVACY, true)).toBe(10);
  });

  it("knows what a published value tells a reader: the counts that round to it and could be shown", () => {
    // Controlled rounding (controlled.ts) takes a count to a multiple next to it, below or above: a
    // published 10 is 6..14 (rounded to the nearest it was 8..12; the totals' additivity costs that).
    expect(publishedInterval(5, 5, 5)).toEqual([5, 9]); // 1..4 would have been suppressed
    expect(publishedInterval(10, 5, 5)).toEqual([6, 14]);
    expect(publishedInterval(0, 5, 5)).toEqual([0, 0]); // 1..4 would have been suppressed: a true zero
    expect(publishedInterval(0, 5, 1)).toEqual([0, 4]);
    expect(publishedInterval(10, 10, 10)).toEqual([10, 19]);
    expect(publishedInterval(20, 10, 5)).toEqual([11, 29]);
    expect(publishedInterval(7, 1, 5)).toEqual([7, 7]);
  });

  it("computes a rate and its Wilson interval from the rounded counts, to four decimals", () => {
    const w = wilson(15, 25)!;
    expect(publishedRate(17, 23, 5)).toEqual({
      rate: 0.6,
      low: Math.round(w.low * 1e4) / 1e4,
      high: Math.round(w.high * 1e4) / 1e4,
    });
    // every pair that rounds to the same counts shows the same
    for (let k = 13; k <= 17; k++)
      for (let n = 23; n <= 27; n++) expect(publishedRate(k, n, 5)).toEqual(publishedRate(17, 23, 5));
    expect(publishedRate(0, 2, 5)).toBeNull(); // a denominator rounded to 0 has no rate
  });

  it("shows a rate or a mean only where every count the rounding allows reaches the threshold", () => {
    // With a published r meaning r-4..r+4 (controlled rounding), a rate on 23..27 (25: 21..29) would say
    // n >= 23: a flat model rounding to the nearest shows one from 28 (30: 26..34), a mean from 13.
    expect(shownThreshold(23, 5, 5)).toBe(28);
    expect(shownThreshold(8, 5, 5)).toBe(13); // 13 -> 15: 11..19
    expect(shownThreshold(10, 5, 10)).toBe(10); // a school cell of 10: 10..14 (below 10 is suppressed)
    expect(shownThreshold(20, 5, 5)).toBe(23); // 23 -> 25: 21..29
    expect(shownThreshold(21, 1, 5)).toBe(21);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(1, 2, 5, 10),
        fc.integer({ min: 1, max: 12 }),
        (threshold, roundTo, count) => {
          const from = shownThreshold(threshold, roundTo, count);
          expect(from).toBeGreaterThanOrEqual(threshold);
          // every count that could be published as from's rounding reaches the threshold...
          expect(publishedInterval(roundCount(from, roundTo), roundTo, count)[0]).toBeGreaterThanOrEqual(
            threshold,
          );
          // ...and from is the least such count
          if (from > threshold)
            expect(publishedInterval(roundCount(from - 1, roundTo), roundTo, count)[0]).toBeLessThan(
              threshold,
            );
        },
      ),
    );
  });

  it("publishes a mean to the 1, 2 or 5 x 10^k at least roundTo x unit over the least persons its count allows", () => {
    expect([0.3, 1, 1.01, 2.5, 0.0625, 7].map(niceStep)).toEqual([0.5, 1, 2, 5, 0.1, 10]);
    expect(meanStep(1.5, 30, 5, 5)).toBe(0.5); // 7.5 / 28 = 0.27
    expect(meanStep(1.5, 100, 5, 5)).toBe(0.1); // 7.5 / 98
    expect(meanStep(1, 10, 5, 5)).toBe(1); // 5 / 8
    expect(meanStep(1, 15, 5, 10)).toBe(0.5); // a school's completion: 5 / 13
    expect(meanStep(0, 15, 5, 10)).toBe(0);
    expect(roundToStep(51.136363, 0.5)).toBe(51);
    expect(roundToStep(0.75, 0.5)).toBe(1); // halves away from zero, as SQL round() does
    expect(roundToStep(-0.25, 0.5)).toBe(-0.5);
    expect(roundToStep(0.30000000000000004, 0.1)).toBe(0.3);
    expect(roundToStep(1 / 3, 0)).toBe(1 / 3);
    // interval ends outward: [-0.189, 0.174] to halves is [-0.5, 0.5], not [0, 0]
    expect([roundToStep(-0.189, 0.5, "down"), roundToStep(0.174, 0.5, "up")]).toEqual([-0.5, 0.5]);
    expect([roundToStep(0.5, 0.5, "up"), roundToStep(0.30000000000000004, 0.1, "up")]).toEqual([0.5, 0.3]);
  });
});

describe("SQL macros for flat publish models", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
    await registerDisclosure(warehouse, PRIVACY);
  });
  afterAll(() => warehouse.close());

  it("round and suppress exactly as the TypeScript rules do", async () => {
    const rows = await warehouse.all<{
      n: number;
      rounded: number;
      count: number | null;
      school: number | null;
    }>(
      `SELECT n::INTEGER AS n, rounded_count(n)::INTEGER AS rounded, disclosed_count(n)::INTEGER AS count,
              disclosed_school_count(n)::INTEGER AS school
       FROM range(0, 60) t(n) ORDER BY n`,
    );
    for (const { n, rounded, count, school } of rows) {
      expect(rounded).toBe(roundCount(n, 5));
      expect(count).toBe(n > 0 && n < 5 ? null : roundCount(n, 5));
      expect(school).toBe(n > 0 && n < 10 ? null : roundCount(n, 5));
    }
    expect(await warehouse.scalar("SELECT disclosed_count(NULL)")).toBeNull();
  });

  it("publish a rate with its Wilson interval from the rounded counts, only from 28 persons (a published 30), and never when its numerator is suppressed", async () => {
    const rows = await warehouse.all<{
      k: number;
      n: number;
      rate: number | null;
      lo: number | null;
      hi: number | null;
    }>(
      `SELECT k::INTEGER AS k, n::INTEGER AS n, disclosed_rate(k, n) AS rate,
              disclosed_rate_low(k, n) AS lo, disclosed_rate_high(k, n) AS hi
       FROM (VALUES (10, 27), (10, 28), (3, 40), (0, 40), (40, 40), (17, 28), (81, 263)) v(k, n)`,
    );
    expect(rows.map((r) => r.rate)).toEqual([null, 0.3333, null, 0, 1, 0.5, 0.3019]);
    for (const row of rows.filter((r) => r.rate !== null)) {
      const published = publishedRate(row.k, row.n, 5)!;
      expect([row.rate, row.lo, row.hi]).toEqual([published.rate, published.low, published.high]);
    }
    expect(await warehouse.scalar(`SELECT ${wilsonSql("1", "0", "low")}`)).toBeNull();
  });

  it("publish a mean only when every count its rounded persons allow reaches minMeanPersons, to the step of its unit", async () => {
    // 12 -> 10 (6..14) could be fewer than 8; 13 -> 15 (11..19) cannot.
    expect(
      await warehouse.all(
        "SELECT disclosed_mean(42.5::DOUBLE, 12, 1) AS twelve, disclosed_mean(42.5::DOUBLE, 13, 1) AS thirteen",
      ),
    ).toEqual([{ twelve: null, thirteen: 42.5 }]);
    const rows = await warehouse.all<{ value: number; persons: number; unit: number; mean: number }>(
      `SELECT value, persons::INTEGER AS persons, unit, disclosed_mean(value, persons, unit) AS mean
         FROM (VALUES (51.136363, 22), (-1.7547, 15), (0.61, 130), (3.25, 1000), (1 / 3, 9)) v(value, persons),
              (VALUES (1.5), (1), (0.05), (0)) u(unit)`,
    );
    for (const { value, persons, unit, mean } of rows) {
      expect(mean, `${value} on ${persons}, unit ${unit}`).toBe(
        persons < shownThreshold(8, 5, 5)
          ? null
          : roundToStep(value, meanStep(unit, roundCount(persons, 5), 5, 5, shownThreshold(8, 5, 5))),
      );
    }
  });

  it("take their thresholds from configuration", async () => {
    await registerDisclosure(warehouse, { ...PRIVACY, minCount: 10, roundTo: 10 });
    expect(
      await warehouse.all(
        "SELECT disclosed_count(9) AS nine, disclosed_count(14)::INTEGER AS fourteen, disclosed_count(15)::INTEGER AS fifteen",
      ),
    ).toEqual([{ nine: null, fourteen: 10, fifteen: 20 }]);
    await registerDisclosure(warehouse, { ...PRIVACY, minRateDenominator: 20 });
    expect(
      await warehouse.all("SELECT disclosed_rate(10, 20) AS twenty, disclosed_rate(10, 23) AS twenty_three"),
    ).toEqual([{ twenty: null, twenty_three: 0.4 }]);
    await registerDisclosure(warehouse, PRIVACY);
  });
});

describe("the Wilson interval of a release", () => {
  it("is the formula of the metric registry's macros wilson_low / wilson_high", async () => {
    const warehouse = await modelWarehouse();
    try {
      const rows = await warehouse.all<Record<string, number>>(
        `SELECT ${wilsonSql("k", "n", "low")} AS a, wilson_low(k::DOUBLE, n::DOUBLE) AS b,
                ${wilsonSql("k", "n", "high")} AS c, wilson_high(k::DOUBLE, n::DOUBLE) AS d
         FROM (VALUES (0, 23), (1, 23), (17, 23), (40, 40), (81, 263)) v(k, n)`,
      );
      for (const { a, b, c, d } of rows) {
        expect(a).toBeCloseTo(b!, 12);
        expect(c).toBeCloseTo(d!, 12);
      }
    } finally {
      warehouse.close();
    }
  });
});
