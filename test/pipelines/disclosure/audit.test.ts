import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  auditIntervals,
  buildGraph,
  type CellInput,
  controlledRounding,
  InfeasibleError,
  meanLeak,
  meanStep,
  pinnedCells,
  pinnedPublished,
  publishedRate,
  rateLeak,
  roundCount,
  roundToStep,
  variableRanges,
} from "../../../pipelines/disclosure/index.ts";
import { wilson } from "../../../pipelines/metrics/wilson.ts";

describe("linear programme of the interval audit", () => {
  it("finds the least and greatest value of a variable", () => {
    // x + y = 10, x in [3, 8], y >= 0
    const system = {
      lower: [3, 0],
      upper: [8, Infinity],
      equalities: [{ vars: [0, 1], coefs: [1, 1], rhs: 10 }],
    };
    expect(variableRanges(system, [0, 1])).toEqual(
      new Map([
        [0, [3, 8]],
        [1, [2, 7]],
      ]),
    );
    // x - y = 0 with no upper bound: unbounded above
    expect(
      variableRanges(
        {
          lower: [0, 0],
          upper: [Infinity, Infinity],
          equalities: [{ vars: [0, 1], coefs: [1, -1], rhs: 0 }],
        },
        [0],
      ).get(0),
    ).toEqual([0, Infinity]);
    expect(() =>
      variableRanges(
        { lower: [0, 0], upper: [2, 2], equalities: [{ vars: [0, 1], coefs: [1, 1], rhs: 10 }] },
        [0],
      ),
    ).toThrow(InfeasibleError);
  });

  it("handles redundant equalities (a table's row and column totals share the grand total)", () => {
    // 2x2 table a b / c d with all margins as variables fixed: a + b = 10, c + d = 20, a + c = 12, b + d = 18.
    const fixed = (v: number): [number, number] => [v, v];
    const bounds = [
      [0, Infinity],
      [0, Infinity],
      [0, Infinity],
      [0, Infinity],
      fixed(10),
      fixed(20),
      fixed(12),
      fixed(18),
      fixed(30),
    ];
    const eq = (vars: number[], coefs: number[]) => ({ vars, coefs, rhs: 0 });
    const ranges = variableRanges(
      {
        lower: bounds.map((b) => b[0]!),
        upper: bounds.map((b) => b[1]!),
        equalities: [
          eq([4, 0, 1], [1, -1, -1]),
          eq([5, 2, 3], [1, -1, -1]),
          eq([6, 0, 2], [1, -1, -1]),
          eq([7, 1, 3], [1, -1, -1]),
          eq([8, 4, 5], [1, -1, -1]),
          eq([8, 6, 7], [1, -1, -1]),
        ],
      },
      [0, 1, 2, 3],
    );
    expect(ranges.get(0)).toEqual([0, 10]);
    expect(ranges.get(3)).toEqual([8, 18]);
  });
});

/** A 4x4 table with all margins, every count 20 except where given. */
function table(values: Record<string, number> = {}): CellInput[] {
  const rows = ["r1", "r2", "r3", "r4"];
  const cols = ["c1", "c2", "c3", "c4"];
  const cell = (dims: Record<string, string>, value: number): CellInput => ({
    kind: "count",
    population: "p",
    dims,
    value,
    threshold: 5,
  });
  const v = (r: string, c: string) => values[`${r}${c}`] ?? 20;
  return [
    ...rows.flatMap((r) => cols.map((c) => cell({ r, c }, v(r, c)))),
    ...rows.map((r) =>
      cell(
        { r },
        cols.reduce((s, c) => s + v(r, c), 0),
      ),
    ),
    ...cols.map((c) =>
      cell(
        { c },
        rows.reduce((s, r) => s + v(r, c), 0),
      ),
    ),
    cell(
      {},
      rows.reduce((s, r) => s + cols.reduce((t, c) => t + v(r, c), 0), 0),
    ),
  ];
}

describe("interval audit of a suppression pattern", () => {
  const graph = buildGraph(table());
  const id = (r: string | null, c: string | null) => {
    const dims: Record<string, string> = {};
    if (r) dims.r = r;
    if (c) dims.c = c;
    return graph.byKey.get(
      JSON.stringify([
        "count",
        "p",
        Object.keys(dims)
          .sort()
          .map((k) => [k, dims[k]]),
      ]),
    )!;
  };
  const cells = (...pairs: [string, string][]) => new Set(pairs.map(([r, c]) => id(r, c)));

  it("a lone suppressed cell is pinned without rounding, and not with rounding to 5", () => {
    const alone = cells(["r1", "c1"]);
    expect(pinnedCells(graph, alone, 1)).toEqual([id("r1", "c1")]);
    expect(auditIntervals(graph, alone, 1).get(id("r1", "c1"))).toEqual([20, 20]);
    // Rounded to 5 (a multiple next to the count: 80 is 76..84, 20 is 16..24), row total 80 and the
    // others 20 each tell only 76..84 - 3 x (16..24): 4..36.
    expect(auditIntervals(graph, alone, 5).get(id("r1", "c1"))).toEqual([4, 36]);
  });

  it("a rectangle of four leaves each cell free", () => {
    const rectangle = cells(["r1", "c1"], ["r1", "c2"], ["r2", "c1"], ["r2", "c2"]);
    expect(pinnedCells(graph, rectangle, 1)).toEqual([]);
    expect(auditIntervals(graph, rectangle, 1).get(id("r1", "c1"))).toEqual([0, 40]);
    expect(pinnedCells(graph, rectangle, 5)).toEqual([]);
  });

  it("two rectangles joined by a bridge cell: every line has two suppressed cells, yet the bridge is pinned", () => {
    const pattern = cells(
      ["r1", "c1"],
      ["r1", "c2"],
      ["r2", "c1"],
      ["r2", "c2"],
      ["r3", "c3"],
      ["r3", "c4"],
      ["r4", "c3"],
      ["r4", "c4"],
      ["r1", "c3"],
    );
    for (const line of graph.lines) {
      const n = [line.parent, ...line.children].filter((m) => pattern.has(m)).length;
      expect(n === 0 || n >= 2).toBe(true);
    }
    expect(pinnedCells(graph, pattern, 1)).toEqual([id("r1", "c3")]);
    expect(auditIntervals(graph, pattern, 1).get(id("r1", "c3"))).toEqual([20, 20]);
    const [lo, hi] = auditIntervals(graph, pattern, 1).get(id("r1", "c1"))!;
    expect(hi - lo).toBeGreaterThan(0);
    // Rounding frees it again: the exact audit and the fast check agree.
    expect(pinnedCells(graph, pattern, 5)).toEqual([]);
    const [l5, h5] = auditIntervals(graph, pattern, 5).get(id("r1", "c3"))!;
    expect(h5 - l5).toBeGreaterThan(0);
  });
});

describe("published values checked against their counts", () => {
  const rate = (k: number, n: number, values: { rate: number; low: number; high: number }) => ({
    numerator: roundCount(k, 5),
    denominator: roundCount(n, 5),
    numeratorThreshold: 5,
    denominatorThreshold: 5,
    shownFrom: 23,
    ...values,
  });
  const exact = (k: number, n: number) => {
    const w = wilson(k, n)!;
    const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
    return { rate: r4(k / n), low: r4(w.low), high: r4(w.high) };
  };

  it("a rate from the exact counts tells them apart; one from the rounded counts does not", () => {
    expect(rateLeak(rate(17, 28, exact(17, 28)), 5)).toMatch(/is not what \d+ of \d+ would show/);
    expect(rateLeak(rate(17, 28, publishedRate(17, 28, 5)!), 5)).toBeNull();
    // a published 25 is 21..29: showing a rate on it would say n >= 23
    expect(rateLeak(rate(17, 23, publishedRate(17, 23, 5)!), 5)).toMatch(/n >= 23/);
    // a denominator that could be under the threshold: showing the rate says it is not
    expect(rateLeak({ ...rate(10, 23, publishedRate(10, 23, 5)!), shownFrom: 24 }, 5)).toMatch(/n >= 24/);
  });

  it("a mean finer than roundTo units over its least persons gives them away; one on its step does not", () => {
    const mean = { persons: 20, personsThreshold: 5, shownFrom: 8, unit: 7.5 };
    // 1125 / 22 credits: of the 18..22 persons 20 allows, only 22 gives a sum of whole 7.5-credit courses
    expect(meanLeak({ ...mean, value: 1125 / 22, step: 0 }, 5)).toMatch(/finer than/);
    expect(meanLeak({ ...mean, value: 51.1, step: 0.1 }, 5)).toMatch(/finer than/);
    expect(meanLeak({ ...mean, value: 50, step: 5 }, 5)).toBeNull(); // 37.5 / 18 -> 5
    expect(meanLeak({ ...mean, value: 51, step: 5 }, 5)).toMatch(/not a multiple/);
    expect(meanLeak({ ...mean, value: 1125 / 22, step: 0, unit: 0 }, 5)).toBeNull();
    // beside a suppressed count, from the least persons a mean is shown on: 37.5 / 8 -> 5
    expect(meanLeak({ ...mean, persons: null, value: 50, step: 2 }, 5)).toMatch(/finer than/);
    expect(meanLeak({ ...mean, persons: null, value: 50, step: 5 }, 5)).toBeNull();
  });

  it("whatever the counts, a rate and a mean published by the rules narrow nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 28, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(5, 10),
        (n, share, minCount) => {
          const k = Math.floor(n * share);
          if (k > 0 && k < minCount) return; // a suppressed numerator has no rate
          const published = { ...rate(k, n, publishedRate(k, n, 5)!), numeratorThreshold: minCount };
          expect(rateLeak({ ...published, denominatorThreshold: minCount }, 5)).toBeNull();
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 400 }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.constantFrom(0.5, 1, 1.5, 7.5),
        (persons, value, unit) => {
          const shown = roundCount(persons, 5);
          const step = meanStep(unit, shown, 5, 5, 8);
          const published = { value: roundToStep(value, step), persons: shown, personsThreshold: 5 };
          expect(meanLeak({ ...published, shownFrom: 8, unit, step }, 5)).toBeNull();
        },
      ),
    );
  });

  it("margin arithmetic: a total that does not add up pins its cells; controlled rounding adds up", () => {
    const cells = (child: number, total: number): CellInput[] => [
      ...["a", "b", "c", "d"].map((g) => ({
        kind: "count" as const,
        population: "p",
        dims: { g },
        value: child,
        threshold: 5,
      })),
      { kind: "count", population: "p", dims: {}, value: total, threshold: 5 },
    ];
    // 9 each rounded down to 5 (5..9), their total 36 up to 40 (36..44): all five are pinned (9, 36).
    const graph = buildGraph(cells(9, 36));
    expect(pinnedPublished(graph, new Set(), 5, [5, 5, 5, 5, 40])).toHaveLength(5);
    // one of them suppressed, the total is 15..27 plus nothing known: nothing is pinned
    expect(pinnedPublished(graph, new Set([0]), 5, [5, 5, 5, 5, 40])).toEqual([]);
    // rounded together, the cells add up to the total, which then narrows none of them
    const { rounded, fallback } = controlledRounding(graph, 5);
    expect(fallback).toEqual([]);
    expect(rounded[0]! + rounded[1]! + rounded[2]! + rounded[3]!).toBe(rounded[4]);
    expect(pinnedPublished(graph, new Set(), 5, rounded)).toEqual([]);
    // 7 each under 28: rounded to the nearest (5 x 4 under 30) they do not add up; together they do
    const seven = controlledRounding(buildGraph(cells(7, 28)), 5).rounded;
    for (const r of seven.slice(0, 4)) expect([5, 10]).toContain(r);
    expect([25, 30]).toContain(seven[4]);
    expect(seven.slice(0, 4).reduce((x, y) => x + y, 0)).toBe(seven[4]);
  });
});
