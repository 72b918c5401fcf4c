import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countThreshold,
  meanThreshold,
  publishedInterval,
  rateThreshold,
  registerDisclosure,
  roundCount,
  wilsonSql,
} from "../../../pipelines/disclosure/index.ts";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
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
    expect(publishedInterval(5, 5, 5)).toEqual([5, 7]); // 3 and 4 would have been suppressed
    expect(publishedInterval(10, 5, 5)).toEqual([8, 12]);
    expect(publishedInterval(0, 5, 5)).toEqual([0, 0]); // 1 and 2 would have been suppressed: a true zero
    expect(publishedInterval(0, 5, 1)).toEqual([0, 2]);
    expect(publishedInterval(10, 10, 10)).toEqual([10, 14]);
    expect(publishedInterval(20, 10, 5)).toEqual([15, 24]);
    expect(publishedInterval(7, 1, 5)).toEqual([7, 7]);
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

  it("publish a rate with its Wilson interval only from 23 persons, and never when its numerator is suppressed", async () => {
    const rows = await warehouse.all<{
      k: number;
      n: number;
      rate: number | null;
      lo: number | null;
      hi: number | null;
    }>(
      `SELECT k::INTEGER AS k, n::INTEGER AS n, disclosed_rate(k, n) AS rate,
              disclosed_rate_low(k, n) AS lo, disclosed_rate_high(k, n) AS hi
       FROM (VALUES (10, 22), (10, 23), (3, 40), (0, 40), (40, 40)) v(k, n)`,
    );
    expect(rows.map((r) => r.rate)).toEqual([null, 10 / 23, null, 0, 1]);
    for (const row of rows.filter((r) => r.rate !== null)) {
      const interval = wilson(row.k, row.n)!;
      expect(row.lo).toBeCloseTo(interval.low, 12);
      expect(row.hi).toBeCloseTo(interval.high, 12);
    }
    expect(await warehouse.scalar(`SELECT ${wilsonSql("1", "0", "low")}`)).toBeNull();
  });

  it("publish a mean only when it rests on at least minMeanPersons persons", async () => {
    expect(
      await warehouse.all(
        "SELECT disclosed_mean(42.5::DOUBLE, 7) AS seven, disclosed_mean(42.5::DOUBLE, 8) AS eight",
      ),
    ).toEqual([{ seven: null, eight: 42.5 }]);
  });

  it("take their thresholds from configuration", async () => {
    await registerDisclosure(warehouse, { ...PRIVACY, minCount: 10, roundTo: 10 });
    expect(
      await warehouse.all(
        "SELECT disclosed_count(9) AS nine, disclosed_count(14)::INTEGER AS fourteen, disclosed_count(15)::INTEGER AS fifteen",
      ),
    ).toEqual([{ nine: null, fourteen: 10, fifteen: 20 }]);
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
