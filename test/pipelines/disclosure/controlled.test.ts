import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph, type CellInput, controlledRounding } from "../../../pipelines/disclosure/index.ts";

/** A two-way table r x c of population p with its row, column and grand totals. */
function twoWay(values: number[][], population = "p"): CellInput[] {
  const cell = (dims: Record<string, string>, value: number): CellInput => ({
    kind: "count",
    population,
    dims,
    value,
    threshold: 5,
  });
  const rows = values.map((_, r) => `r${r}`);
  const cols = values[0]!.map((_, c) => `c${c}`);
  return [
    ...values.flatMap((row, r) => row.map((v, c) => cell({ r: rows[r]!, c: cols[c]! }, v))),
    ...values.map((row, r) =>
      cell(
        { r: rows[r]! },
        row.reduce((a, b) => a + b, 0),
      ),
    ),
    ...cols.map((col, c) =>
      cell(
        { c: col },
        values.reduce((a, row) => a + row[c]!, 0),
      ),
    ),
    cell(
      {},
      values.flat().reduce((a, b) => a + b, 0),
    ),
  ];
}

describe("controlled rounding", () => {
  it("rounds a two-way table and its margins so that every row and column adds up, each count to a multiple next to it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (ragged) => {
          const width = Math.min(...ragged.map((row) => row.length));
          const values = ragged.map((row) => row.slice(0, width));
          const graph = buildGraph(twoWay(values));
          const { rounded, fallback } = controlledRounding(graph, 5);
          expect(fallback).toEqual([]);
          for (const cell of graph.cells) {
            const r = rounded[cell.id]!;
            expect(r % 5).toBe(0);
            expect(Math.abs(r - cell.value)).toBeLessThan(5);
          }
          for (const line of graph.lines) {
            expect(line.children.reduce((sum, child) => sum + rounded[child]!, 0)).toBe(rounded[line.parent]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("goes to the nearest multiple where the table leaves the choice", () => {
    // 12 + 13 = 25: 10 + 15 adds up, and each is its nearest
    const graph = buildGraph(twoWay([[12, 13]]));
    const { rounded } = controlledRounding(graph, 5);
    expect(graph.cells.map((cell) => [cell.value, rounded[cell.id]])).toContainEqual([12, 10]);
    expect(graph.cells.map((cell) => [cell.value, rounded[cell.id]])).toContainEqual([13, 15]);
  });

  it("keeps a numerator at or below its denominator", () => {
    // numerator and denominator of 7 and 8 each in a line of their own that wants one of them up
    const num = twoWay([[7, 7, 8]], "num");
    const den = twoWay([[8, 8, 8]], "den");
    const graph = buildGraph([...num, ...den]);
    const id = (population: string, c: string) =>
      graph.byKey.get(
        JSON.stringify([
          "count",
          population,
          [
            ["c", c],
            ["r", "r0"],
          ],
        ]),
      )!;
    const orders = ["c0", "c1", "c2"].map((c): [number, number] => [id("num", c), id("den", c)]);
    const { rounded } = controlledRounding(graph, 5, orders);
    for (const [small, large] of orders) expect(rounded[small]!).toBeLessThanOrEqual(rounded[large]!);
  });
});
