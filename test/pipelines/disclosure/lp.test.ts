import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InfeasibleError,
  type LinearSystem,
  minimiseLinear,
  variableRanges,
} from "../../../pipelines/disclosure/lp.ts";

/** Solves a small square system by Gaussian elimination; null when singular. */
function solveSquare(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-9) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * The least cost over every vertex of a bounded system, by enumeration: choose which variables are basic
 * (as many as independent equalities), put the others at a bound each, solve, keep the feasible ones.
 * Null when no vertex is feasible.
 */
function bruteForceMinimum(system: LinearSystem, cost: number[]): number | null {
  const n = cost.length;
  const rows = system.equalities.map((eq) => {
    const row = new Array<number>(n).fill(0);
    for (const [k, v] of eq.vars.entries()) row[v]! += eq.coefs[k]!;
    return row;
  });
  let best: number | null = null;
  for (let mask = 0; mask < 3 ** n; mask++) {
    // per variable: 0 at lower, 1 at upper, 2 basic
    const state = [...Array(n).keys()].map((i) => Math.floor(mask / 3 ** i) % 3);
    const basic = state.flatMap((s, i) => (s === 2 ? [i] : []));
    const x = state.map((s, i) => (s === 0 ? system.lower[i]! : s === 1 ? system.upper[i]! : 0));
    const rhs = system.equalities.map(
      (eq, e) => eq.rhs - rows[e]!.reduce((sum, a, i) => sum + (state[i] === 2 ? 0 : a * x[i]!), 0),
    );
    let values: number[] | null = [];
    if (basic.length > 0) {
      // least squares on the basic columns is overkill: require as many equalities as basics (take the first)
      if (basic.length > rows.length) continue;
      const pick = rows.slice(0, basic.length).map((row) => basic.map((i) => row[i]!));
      values = solveSquare(pick, rhs.slice(0, basic.length));
      if (!values) continue;
    }
    for (const [k, i] of basic.entries()) x[i] = values[k]!;
    const ok =
      x.every((v, i) => v >= system.lower[i]! - 1e-7 && v <= system.upper[i]! + 1e-7) &&
      system.equalities.every(
        (eq, e) => Math.abs(rows[e]!.reduce((s, a, i) => s + a * x[i]!, 0) - eq.rhs) < 1e-7,
      );
    if (!ok) continue;
    const value = cost.reduce((s, c, i) => s + c * x[i]!, 0);
    if (best === null || value < best) best = value;
  }
  return best;
}

const systems = fc
  .integer({ min: 2, max: 5 })
  .chain((n) =>
    fc.record({
      lower: fc.array(fc.integer({ min: -2, max: 1 }), { minLength: n, maxLength: n }),
      width: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
      cost: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }),
      equalities: fc.array(
        fc.record({
          coefs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: n, maxLength: n }),
          rhs: fc.integer({ min: -4, max: 4 }),
        }),
        { minLength: 0, maxLength: 3 },
      ),
    }),
  )
  .map(({ lower, width, cost, equalities }) => ({
    system: {
      lower,
      upper: lower.map((l, i) => l + width[i]!),
      equalities: equalities.map((eq) => ({ vars: eq.coefs.map((_, i) => i), coefs: eq.coefs, rhs: eq.rhs })),
    } satisfies LinearSystem,
    cost,
  }));

function tryMinimise(system: LinearSystem, cost: number[]): number[] | "infeasible" {
  try {
    return minimiseLinear(system, cost) ?? [];
  } catch (error) {
    if (error instanceof InfeasibleError) return "infeasible";
    throw error;
  }
}

describe("minimiseLinear", () => {
  it("finds the least cost a vertex enumeration finds, at a point that satisfies the system", () => {
    fc.assert(
      fc.property(systems, ({ system, cost }) => {
        const found = tryMinimise(system, cost);
        const expected = bruteForceMinimum(system, cost);
        if (expected === null) {
          // no vertex from the first equalities: the system may still be feasible with dependent rows;
          // then the solution must at least satisfy it
          if (found === "infeasible") return;
        }
        expect(found).not.toBe("infeasible");
        const x = found as number[];
        for (const [i, v] of x.entries()) {
          expect(v).toBeGreaterThanOrEqual(system.lower[i]! - 1e-7);
          expect(v).toBeLessThanOrEqual(system.upper[i]! + 1e-7);
        }
        for (const eq of system.equalities) {
          expect(eq.vars.reduce((s, v, k) => s + eq.coefs[k]! * x[v]!, 0)).toBeCloseTo(eq.rhs, 6);
        }
        if (expected !== null) expect(cost.reduce((s, c, i) => s + c * x[i]!, 0)).toBeCloseTo(expected, 6);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("rounds a line of 0/1 choices whole: two of three children up when the total goes up", () => {
    // children 12, 13, 14 (floors 10, 10, 10) under 39 (floor 35): 35 + 5u = 30 + 5(a + b + c)
    const system: LinearSystem = {
      lower: [0, 0, 0, 0],
      upper: [1, 1, 1, 1],
      equalities: [{ vars: [0, 1, 2, 3], coefs: [-1, 1, 1, 1], rhs: 1 }],
    };
    // cost of going up: total +1 (39 -> 40 is nearer), 12 -> 15 costs 3 - 2 = 1, 13 -> -1, 14 -> -3
    expect(minimiseLinear(system, [-3, 1, -1, -3])).toEqual([1, 0, 1, 1]);
  });
});

describe("variableRanges", () => {
  it("gives the bounds a variable reaches at the extremes, upper bounds included", () => {
    // x0 + x1 = 4, 0 <= x0 <= 3, 0 <= x1 <= 3: x0 in 1..3
    const system: LinearSystem = {
      lower: [0, 0],
      upper: [3, 3],
      equalities: [{ vars: [0, 1], coefs: [1, 1], rhs: 4 }],
    };
    expect(variableRanges(system, [0, 1])).toEqual(
      new Map([
        [0, [1, 3]],
        [1, [1, 3]],
      ]),
    );
  });
});
