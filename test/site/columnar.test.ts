import { describe, expect, it } from "vitest";
import { fromColumns, toColumns } from "../../src/components/columnar.js";

const rows = Array.from({ length: 40 }, (_, i) => ({
  intake: i % 2 ? "HT2024" : "VT2025",
  persons: i % 5 === 0 ? null : i * 7,
  persons_suppressed: i % 5 === 0,
  rate: i / 3,
  label: `row ${i} – "quoted" ✓`,
}));

describe("columnar data files", () => {
  it("turn back into the very rows published: keys, order, values, nulls and flags", () => {
    const text = JSON.stringify(toColumns(rows));
    expect(fromColumns(JSON.parse(text))).toEqual(rows);
    expect(JSON.stringify(fromColumns(JSON.parse(text)))).toBe(JSON.stringify(rows));
    expect(text.length).toBeLessThan(JSON.stringify(rows).length / 2);
  });

  it("repeated values are written once (a dictionary), distinct ones as they are", () => {
    const { columns } = toColumns(rows) as { columns: Record<string, unknown> };
    expect(columns.intake).toEqual({ dictionary: ["VT2025", "HT2024"], index: rows.map((_, i) => i % 2) });
    expect(columns.rate).toEqual(rows.map((row) => row.rate));
  });

  it("keep projects to the columns a page reads, and nothing else changes", () => {
    expect(fromColumns(toColumns(rows, ["intake", "persons"]))).toEqual(
      rows.map(({ intake, persons }) => ({ intake, persons })),
    );
  });

  it("an object, an empty table or rows of differing keys pass through unchanged", () => {
    const manifest = { locale: "sv-SE", intakes: [] };
    expect(fromColumns(toColumns(manifest))).toEqual(manifest);
    expect(fromColumns(JSON.parse(JSON.stringify(toColumns([]))))).toEqual([]);
    const ragged = [{ a: 1 }, { a: 2, b: 3 }];
    expect(toColumns(ragged)).toBe(ragged);
    expect(fromColumns(ragged)).toBe(ragged);
  });
});
