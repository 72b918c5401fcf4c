import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  crossMargins,
  definePublishTable,
  meanStep,
  type Privacy,
  publishedInterval,
  publishedRate,
  publishTables,
  roundToStep,
  shownThreshold,
  variableRanges,
} from "../../../pipelines/disclosure/index.ts";
import { Warehouse } from "../../../warehouse/connection.ts";
import { readRelease } from "./reader.ts";

/**
 * End to end through DuckDB: random programme x term tables of students, students who passed (a rate)
 * and mean credits (whole credits), with random margins, published by publishTables; every check reads
 * only the published table (and, to compare, the truth).
 */

interface Truth {
  students: number;
  passed: number;
  credits: number;
}

const smallHeavy = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 3 },
  { arbitrary: fc.integer({ min: 5, max: 30 }), weight: 3 },
  { arbitrary: fc.integer({ min: 31, max: 120 }), weight: 2 },
);

const table = fc
  .record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      cells: fc.array(
        fc.record({
          students: smallHeavy,
          share: fc.double({ min: 0, max: 1, noNaN: true }),
          credits: fc.integer({ min: 0, max: 60 }),
        }),
        { minLength: rows * cols, maxLength: rows * cols },
      ),
      margins: fc.subarray(crossMargins("r", "c")),
      minCount: fc.constantFrom(5, 10),
    }),
  );

type Row = {
  r: string | null;
  c: string | null;
  total_over: string | null;
  students: number | null;
  students_suppressed: boolean;
  passed: number | null;
  passed_suppressed: boolean;
  pass_rate: number | null;
  pass_rate_low: number | null;
  pass_rate_high: number | null;
  pass_rate_suppressed: boolean;
  credits: number | null;
  credits_suppressed: boolean;
};

describe("published tables over random inputs", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterAll(() => warehouse.close());

  it("publish only safe numbers: rounded counts adding up to their margins, rates on 23+, means on 8+, partners in every line, no pinned cell", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const privacy: Privacy = {
          minCount: t.minCount,
          roundTo: 5,
          minRateDenominator: 23,
          minMeanPersons: 8,
          minSchoolCell: 10,
        };
        const finest = new Map<string, Truth>();
        const values: (string | number)[] = [];
        for (let r = 0; r < t.rows; r++) {
          for (let c = 0; c < t.cols; c++) {
            const cell = t.cells[r * t.cols + c]!;
            const truth = {
              students: cell.students,
              passed: Math.floor(cell.students * cell.share),
              credits: cell.credits,
            };
            finest.set(`r${r}|c${c}`, truth);
            values.push(`r${r}`, `c${c}`, truth.students, truth.passed, truth.credits);
          }
        }
        await warehouse.run(
          "CREATE OR REPLACE TABLE marts.random_cells (r VARCHAR, c VARCHAR, students INTEGER, passed INTEGER, mean_credits DOUBLE)",
        );
        const placeholders = [...Array(t.rows * t.cols).keys()].map(
          (i) => `(${[1, 2, 3, 4, 5].map((k) => `$${i * 5 + k}`).join(", ")})`,
        );
        await warehouse.run(`INSERT INTO marts.random_cells VALUES ${placeholders.join(", ")}`, values);
        const spec = definePublishTable({
          name: "pub_random",
          grain: "r x c with random margins",
          source: "marts.random_cells",
          dimensions: ["r", "c"],
          margins: t.margins,
          measures: [
            { kind: "count", column: "students" },
            { kind: "count", column: "passed" },
            { kind: "rate", name: "pass_rate", numerator: "passed", denominator: "students" },
            { kind: "mean", name: "credits", value: "mean_credits", persons: "students", unit: 1 },
          ],
        });
        await publishTables(warehouse, [spec], privacy);
        const rows = await warehouse.all<Row>(
          `SELECT * ${t.margins.length === 0 ? ", NULL AS total_over" : ""} FROM publish.pub_random`,
        );

        // The truth of every published row, summed from the finest cells.
        const truthOf = (row: Row): Truth => {
          const sum = { students: 0, passed: 0, credits: 0 };
          for (const [key, v] of finest) {
            const [r, c] = key.split("|");
            if ((row.r === null || row.r === r) && (row.c === null || row.c === c)) {
              sum.students += v.students;
              sum.passed += v.passed;
              sum.credits += v.credits * v.students;
            }
          }
          return { ...sum, credits: sum.students > 0 ? sum.credits / sum.students : Number.NaN };
        };
        const keyOf = (row: Row) => `${row.r ?? "*"}|${row.c ?? "*"}`;
        const byKey = new Map(rows.map((row) => [keyOf(row), row]));
        expect(rows.length).toBe(
          t.rows * t.cols +
            (t.margins.some((m) => m.join() === "r") ? t.rows : 0) +
            (t.margins.some((m) => m.join() === "c") ? t.cols : 0) +
            (t.margins.some((m) => m.length === 0) ? 1 : 0),
        );

        for (const row of rows) {
          const truth = truthOf(row);
          for (const column of ["students", "passed"] as const) {
            const published = row[column];
            const suppressed = row[`${column}_suppressed`];
            expect(suppressed).toBe(published === null);
            if (truth[column] > 0 && truth[column] < t.minCount) expect(suppressed).toBe(true);
            if (published !== null) {
              expect(published % 5).toBe(0);
              // a multiple next to the truth (controlled rounding), not always the nearest
              expect(Math.abs(published - truth[column])).toBeLessThanOrEqual(4);
              // and a margin is the sum of its published cells, when they are all published
              if (row.total_over !== null) {
                const parts = rows.filter(
                  (other) =>
                    other.total_over === null &&
                    (row.r === null || other.r === row.r) &&
                    (row.c === null || other.c === row.c),
                );
                if (parts.every((part) => part[column] !== null))
                  expect(parts.reduce((sum, part) => sum + (part[column] as number), 0)).toBe(published);
              }
              expect(published === 0 || published >= t.minCount || truth[column] >= t.minCount).toBe(true);
            }
          }
          // Rates: never on fewer than 23, never beside a suppressed count; from the rounded counts, with
          // the Wilson interval of them, to 4 decimals.
          expect(row.pass_rate_suppressed).toBe(row.pass_rate === null);
          if (row.pass_rate !== null) {
            expect(truth.students).toBeGreaterThanOrEqual(23);
            expect(row.passed_suppressed || row.students_suppressed).toBe(false);
            const rate = publishedRate(row.passed!, row.students!, 5)!;
            expect([row.pass_rate, row.pass_rate_low, row.pass_rate_high]).toEqual([
              rate.rate,
              rate.low,
              rate.high,
            ]);
          } else {
            expect([row.pass_rate_low, row.pass_rate_high]).toEqual([null, null]);
          }
          // Means: never on fewer than 8 persons; to the step of whole credits over the rounded persons; a
          // margin's weighted by its cells' rounded persons.
          expect(row.credits_suppressed).toBe(row.credits === null);
          if (row.credits !== null) {
            expect(truth.students).toBeGreaterThanOrEqual(8);
            // beside a suppressed count, from the least persons a mean is shown on
            const step = meanStep(1, row.students, 5, t.minCount, shownThreshold(8, 5, t.minCount));
            let mean = truth.credits;
            let hidden = false;
            if (row.total_over !== null) {
              // weighted by the cells' published persons (those of suppressed cells are not published:
              // then the mean lies between its cells' means)
              let sum = 0;
              let weight = 0;
              const means: number[] = [];
              for (const [key, v] of finest) {
                const [r, c] = key.split("|");
                if ((row.r === null || row.r === r) && (row.c === null || row.c === c)) {
                  const cell = byKey.get(key)!;
                  if (cell.students === null) hidden = true;
                  if (v.students > 0) means.push(v.credits);
                  sum += v.credits * (cell.students ?? 0);
                  weight += cell.students ?? 0;
                }
              }
              mean = sum / weight;
              if (hidden) {
                expect(row.credits).toBeGreaterThanOrEqual(
                  roundToStep(Math.min(...means), step, "down") - 1e-9,
                );
                expect(row.credits).toBeLessThanOrEqual(roundToStep(Math.max(...means), step, "up") + 1e-9);
              }
            }
            if (!hidden) expect(row.credits).toBeCloseTo(roundToStep(mean, step), 9);
          } else if (truth.students >= 8) {
            // suppressed only as a partner: then some line holds another suppressed mean (checked below)
          }
        }

        // The lines a reader can subtract along, from the published table's own shape.
        const has = (kept: string) => t.margins.some((m) => m.join() === kept);
        const rowsIds = [...Array(t.rows).keys()].map((r) => `r${r}`);
        const colIds = [...Array(t.cols).keys()].map((c) => `c${c}`);
        const lines: string[][] = [];
        if (has("r")) for (const r of rowsIds) lines.push([`${r}|*`, ...colIds.map((c) => `${r}|${c}`)]);
        if (has("c")) for (const c of colIds) lines.push([`*|${c}`, ...rowsIds.map((r) => `${r}|${c}`)]);
        if (has("")) {
          if (has("r")) lines.push(["*|*", ...rowsIds.map((r) => `${r}|*`)]);
          if (has("c")) lines.push(["*|*", ...colIds.map((c) => `*|${c}`)]);
          if (!has("r") && !has("c"))
            lines.push(["*|*", ...rowsIds.flatMap((r) => colIds.map((c) => `${r}|${c}`))]);
        }
        for (const flag of ["students_suppressed", "passed_suppressed", "credits_suppressed"] as const) {
          for (const line of lines) {
            // A mean over nobody is flagged but holds nothing to recover: it needs no partner.
            const counted = line.filter(
              (key) => flag !== "credits_suppressed" || truthOf(byKey.get(key)!).students > 0,
            );
            const n = counted.filter((key) => byKey.get(key)![flag]).length;
            expect(n, `${flag} alone in line ${line.join(" ")}`).not.toBe(1);
          }
        }

        // Interval audit from the published numbers only: suppressed >= 0; a published value r means a
        // count in publishedInterval(r) (a published rate adds nothing: the reader below checks it).
        const keys = rows.map(keyOf);
        const index = new Map(keys.map((key, i) => [key, i]));
        for (const column of ["students", "passed"] as const) {
          const bounds = rows.map((row): [number, number] => {
            if (row[`${column}_suppressed`]) return [0, Number.POSITIVE_INFINITY];
            return publishedInterval(row[column]!, 5, t.minCount);
          });
          const targets = rows.flatMap((row, i) => (row[`${column}_suppressed`] ? [i] : []));
          if (targets.length === 0) continue;
          const ranges = variableRanges(
            {
              lower: bounds.map((b) => b[0]),
              upper: bounds.map((b) => b[1]),
              equalities: lines.map((line) => ({
                vars: line.map((key) => index.get(key)!),
                coefs: line.map((_, k) => (k === 0 ? 1 : -1)),
                rhs: 0,
              })),
            },
            targets,
          );
          for (const [i, [lo, hi]] of ranges) {
            expect(hi - lo, `${column} of ${keys[i]} pinned to ${lo}`).toBeGreaterThan(1e-6);
          }
        }

        // A reader of the table (./reader.ts), trying both ways a rate may be computed and whole credits
        // as the mean's lattice: no rate or mean narrows a count; nothing is pinned to one value.
        const cells = readRelease(
          [spec],
          { pub_random: rows as unknown as Record<string, unknown>[] },
          {
            privacy,
            meanUnits: { pub_random: { credits: 1 } },
            meanStep: (_spec, _mean, _row, persons) =>
              persons.published === null ? null : meanStep(1, persons.published, 5, persons.threshold),
          },
        );
        for (const cell of cells.values()) {
          const where = `${cell.column} of row ${cell.row}: ${cell.derived.join("..")}`;
          expect(cell.narrowedBy.has("rate") || cell.narrowedBy.has("mean"), where).toBe(false);
          if (cell.rounding[0] < cell.rounding[1])
            expect(cell.derived[1], where).toBeGreaterThan(cell.derived[0]);
        }
      }),
      { numRuns: 40, seed: 42 },
    );
  });
});
