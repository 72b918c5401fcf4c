import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

describe("Wilson interval", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await modelWarehouse();
  });
  afterAll(() => warehouse.close());

  it("matches published values", () => {
    // 81 of 263 (Wilson 1927-style worked example used in many texts): 0.2553 .. 0.3662
    const interval = wilson(81, 263)!;
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
    // 0 of 10: lower bound 0, upper 0.2775
    expect(wilson(0, 10)!.low).toBe(0);
    expect(wilson(0, 10)!.high).toBeCloseTo(0.2775, 4);
    expect(wilson(3, 0)).toBeNull();
  });

  it("is the same in SQL and TypeScript, contains the estimate and stays within [0, 1]", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (n, share) => {
          const k = Math.round(n * share);
          const row = await warehouse.one<{ low: number; high: number }>(
            "SELECT wilson_low($1::DOUBLE, $2::DOUBLE) AS low, wilson_high($1::DOUBLE, $2::DOUBLE) AS high",
            [k, n],
          );
          const ts = wilson(k, n)!;
          expect(row!.low).toBeCloseTo(ts.low, 12);
          expect(row!.high).toBeCloseTo(ts.high, 12);
          expect(ts.low).toBeLessThanOrEqual(k / n + 1e-12);
          expect(ts.high).toBeGreaterThanOrEqual(k / n - 1e-12);
          expect(ts.low).toBeGreaterThanOrEqual(0);
          expect(ts.high).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
