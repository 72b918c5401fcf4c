import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilson, Z95 } from "../../../pipelines/metrics/wilson.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

describe("Wilson interval", () => {
  const warehouse = modelWarehouseFor("suite");

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

  it("is the same in SQL and TypeScript for every small count", async () => {
    // the SQL macros once wrote z² as a literal one bit off Z95 * Z95: 834 of these differed in the last bits
    const rows = await warehouse.all<{ k: number; n: number; low: number; high: number }>(
      `SELECT k::INTEGER AS k, n::INTEGER AS n, wilson_low(k, n) AS low, wilson_high(k, n) AS high
         FROM range(1, 60) AS a(n), range(0, 60) AS b(k) WHERE k <= n`,
    );
    const differing = rows.filter(({ k, n, low, high }) => {
      const ts = wilson(k, n)!;
      return ts.low !== low || ts.high !== high;
    });
    expect(differing).toEqual([]);
  });

  it("is NULL in SQL without a denominator or a numerator", async () => {
    expect(
      await warehouse.one(
        `SELECT wilson_low(3, 0) AS a, wilson_high(3, NULL) AS b, wilson_low(NULL, 10) AS c, wilson_high(NULL, 10) AS d`,
      ),
    ).toEqual({ a: null, b: null, c: null, d: null });
    expect(await warehouse.scalar("SELECT z95()")).toBe(Z95);
  });

  it("is the same in SQL and TypeScript to the last bit, contains the estimate and stays within [0, 1]", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (n, share) => {
          const k = Math.round(n * share);
          // counts as models pass them (BIGINT from count()) and as DOUBLEs
          const row = await warehouse.one<{ low: number; high: number; low2: number; high2: number }>(
            `SELECT wilson_low($1::BIGINT, $2::BIGINT) AS low, wilson_high($1::BIGINT, $2::BIGINT) AS high,
                    wilson_low($1::DOUBLE, $2::DOUBLE) AS low2, wilson_high($1::DOUBLE, $2::DOUBLE) AS high2`,
            [k, n],
          );
          const ts = wilson(k, n)!;
          expect([row!.low, row!.high, row!.low2, row!.high2]).toEqual([ts.low, ts.high, ts.low, ts.high]);
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
