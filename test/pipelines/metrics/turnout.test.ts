import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../../demo/prng.ts";
import { turnout } from "../../../pipelines/metrics/turnout.ts";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

const binomial = (rng: Rng, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.chance(p)) k++;
  return k;
};

describe("predicted turnout and its interval", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await modelWarehouse();
  });
  afterAll(() => warehouse.close());

  it("is confirmed x the past show rate, its interval whole persons within 0 .. confirmed", () => {
    expect(turnout(3, 4, 5)).toEqual({ predicted: 2.4, low: 0, high: 3 });
    // 100 confirmed, 720 of 1000 came before: 72 -+ 1.96 x sqrt(100 x .7198 x .2802 x 1101 / 1002)
    expect(turnout(100, 720, 1000)).toEqual({ predicted: 72, low: 62, high: 82 });
    expect(turnout(0, 720, 1000)).toEqual({ predicted: 0, low: 0, high: 0 });
    expect(turnout(10, 0, 0)).toBeNull();
  });

  it("is the same in SQL and TypeScript", async () => {
    const rows = await warehouse.all<{
      n: number;
      k: number;
      m: number;
      p: number;
      low: number;
      high: number;
    }>(
      `SELECT n::INTEGER AS n, k::INTEGER AS k, m::INTEGER AS m, turnout_predicted(n, k, m) AS p,
              turnout_low(n, k, m)::INTEGER AS low, turnout_high(n, k, m)::INTEGER AS high
         FROM range(0, 40, 3) AS a(n), range(1, 90, 7) AS b(m), range(0, 90, 5) AS c(k) WHERE k <= m`,
    );
    expect(rows.length).toBeGreaterThan(500);
    const differing = rows.filter(({ n, k, m, p, low, high }) => {
      const ts = turnout(n, k, m)!;
      return ts.predicted !== p || ts.low !== low || ts.high !== high;
    });
    expect(differing).toEqual([]);
    expect(
      await warehouse.one("SELECT turnout_low(5, 0, 0) AS low, turnout_predicted(5, 0, 0) AS p"),
    ).toEqual({
      low: null,
      p: null,
    });
  });

  it("holds the turnout of >= 94% of simulated sessions, where the rate's own Wilson interval x confirmed does not", () => {
    const rng = new Rng(27);
    let covered = 0;
    let coveredByWilson = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const p = 0.6 + 0.3 * rng.float();
      const m = rng.int(50, 2000);
      const n = rng.int(5, 120);
      const k = binomial(rng, m, p);
      const came = binomial(rng, n, p);
      const interval = turnout(n, k, m)!;
      if (came >= interval.low && came <= interval.high) covered++;
      const rate = wilson(k, m)!;
      if (came >= Math.floor(n * rate.low) && came <= Math.ceil(n * rate.high)) coveredByWilson++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.94);
    expect(coveredByWilson / trials).toBeLessThan(0.85);
  });
});
