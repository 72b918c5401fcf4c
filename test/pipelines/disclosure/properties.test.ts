import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  auditIntervals,
  buildGraph,
  type CellInput,
  crossMargins,
  protect,
} from "../../../pipelines/disclosure/index.ts";

/**
 * Property tests of secondary suppression over random tables, on the pure core (no DuckDB) so many
 * shapes run quickly: random sizes, many small counts, random margins, optionally a faculty level
 * above the rows and a second table linked to the first.
 */

interface Shape {
  rows: number;
  cols: number;
  faculties: number;
  values: number[];
  margins: string[][];
  linked: string[] | null;
  roundTo: number;
  minCount: number;
}

const smallHeavy = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 4 },
  { arbitrary: fc.integer({ min: 5, max: 12 }), weight: 2 },
  { arbitrary: fc.integer({ min: 13, max: 90 }), weight: 3 },
);

const shape: fc.Arbitrary<Shape> = fc
  .record({
    rows: fc.integer({ min: 1, max: 6 }),
    cols: fc.integer({ min: 1, max: 5 }),
    faculties: fc.integer({ min: 0, max: 3 }),
    roundTo: fc.constantFrom(1, 5, 5),
    minCount: fc.constantFrom(5, 5, 10),
  })
  .chain((base) => {
    const axes: (string | string[])[] = base.faculties > 0 ? [["f", "r"], "c"] : ["r", "c"];
    const all = crossMargins(...axes);
    return fc.record({
      rows: fc.constant(base.rows),
      cols: fc.constant(base.cols),
      faculties: fc.constant(base.faculties),
      roundTo: fc.constant(base.roundTo),
      minCount: fc.constant(base.minCount),
      values: fc.array(smallHeavy, { minLength: base.rows * base.cols, maxLength: base.rows * base.cols }),
      margins: fc.subarray(all),
      linked: fc.option(fc.constantFrom(...all), { nil: null }),
    });
  });

/** The finest cells, and every published level summed from them (margins and the linked table). */
function cellsOf(s: Shape): CellInput[] {
  const finest: Record<string, string>[] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const dims: Record<string, string> = { r: `r${r}`, c: `c${c}` };
      if (s.faculties > 0) dims.f = `f${r % s.faculties}`;
      finest.push(dims);
    }
  }
  const levels = new Map(
    [Object.keys(finest[0]!), ...s.margins, ...(s.linked ? [s.linked] : [])].map((l) => [
      [...l].sort().join(),
      l,
    ]),
  ).values();
  const sums = new Map<string, { dims: Record<string, string>; value: number }>();
  for (const level of levels) {
    for (const [i, dims] of finest.entries()) {
      const kept = Object.fromEntries(level.map((dim) => [dim, dims[dim]!]));
      const key = JSON.stringify(Object.entries(kept).sort());
      const entry = sums.get(key) ?? { dims: kept, value: 0 };
      entry.value += s.values[i]!;
      sums.set(key, entry);
    }
  }
  return [...sums.values()].map(({ dims, value }) => ({
    kind: "count",
    population: "students",
    dims,
    value,
    threshold: s.minCount,
  }));
}

describe("secondary suppression over random tables", () => {
  it("suppresses every small cell, leaves no suppressed cell alone in a line, and pins none", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const graph = buildGraph(cellsOf(s));
        const result = protect(graph, { roundTo: s.roundTo });
        for (const cell of graph.cells) {
          // Primary: no published count in (0, minCount).
          if (cell.value > 0 && cell.value < s.minCount) expect(result.suppressed.has(cell.id)).toBe(true);
          // A zero is never suppressed: it protects nothing and names nobody.
          if (cell.value === 0) expect(result.suppressed.has(cell.id)).toBe(false);
        }
        // Partner: every line (row, column, margin line, hierarchy level, linked table) has 0 or >= 2.
        for (const line of graph.lines) {
          const n = [line.parent, ...line.children].filter((id) => result.suppressed.has(id)).length;
          expect(n === 1).toBe(false);
        }
        // Audit: from rounded published cells and totals, no suppressed cell is pinned to one value.
        for (const [id, [lo, hi]] of auditIntervals(graph, result.suppressed, s.roundTo)) {
          expect(hi - lo, `cell ${graph.cells[id]!.key} pinned to ${lo}`).toBeGreaterThan(1e-6);
          const v = graph.cells[id]!.value;
          expect(v).toBeGreaterThanOrEqual(lo - 1e-6);
          expect(v).toBeLessThanOrEqual(hi + 1e-6);
        }
      }),
      { numRuns: 250, seed: 20261123 },
    );
  });

  it("is deterministic: the same table gives the same choices whatever the order of its cells", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const cells = cellsOf(s);
        const a = protect(buildGraph(cells), { roundTo: s.roundTo });
        const b = protect(buildGraph([...cells].reverse()), { roundTo: s.roundTo });
        expect([...b.suppressed].sort()).toEqual([...a.suppressed].sort());
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
