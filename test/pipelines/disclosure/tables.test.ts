import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  counts,
  crossMargins,
  definePublishTable,
  linkedSpecs,
  type Privacy,
  PublishSpecError,
  publishRelease,
  publishTables,
} from "../../../pipelines/disclosure/index.ts";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
import { parseConfig } from "../../../warehouse/config.ts";
import { Warehouse } from "../../../warehouse/connection.ts";

const PRIVACY: Privacy = parseConfig({}).privacy;

/** A mart table from literal rows: columns named, values bound. */
async function mart(
  warehouse: Warehouse,
  name: string,
  columns: string[],
  rows: (string | number | null)[][],
) {
  const types = columns.map((_, i) =>
    rows.some((row) => typeof row[i] === "number") ? "DOUBLE" : "VARCHAR",
  );
  await warehouse.run(`CREATE TABLE marts.${name} (${columns.map((c, i) => `${c} ${types[i]}`).join(", ")})`);
  for (const row of rows) {
    await warehouse.run(
      `INSERT INTO marts.${name} VALUES (${row.map((_, i) => `$${i + 1}`).join(", ")})`,
      row,
    );
  }
}

/** marts.yield (programme, admitted, enrolled) from rows, and pub_yield over it: both counts and their rate. */
async function yieldTable(warehouse: Warehouse, rows: [string, number, number][]) {
  await mart(warehouse, "yield", ["programme", "admitted", "enrolled"], rows);
  return definePublishTable({
    name: "pub_yield",
    grain: "programme",
    source: "marts.yield",
    dimensions: ["programme"],
    measures: [
      ...counts("admitted", "enrolled"),
      { kind: "rate", name: "yield", numerator: "enrolled", denominator: "admitted" },
    ],
  });
}

/** marts.credits (programme, students, mean_credits) from rows, and pub_credits over it with a total. */
async function creditsTable(warehouse: Warehouse, rows: [string, number, number | null][]) {
  await mart(warehouse, "credits", ["programme", "students", "mean_credits"], rows);
  return definePublishTable({
    name: "pub_credits",
    grain: "programme, with total",
    source: "marts.credits",
    dimensions: ["programme"],
    margins: [[]],
    measures: [
      { kind: "count", column: "students" },
      { kind: "mean", name: "credits", value: "mean_credits", persons: "students", unit: 1.5 },
    ],
  });
}

const crossTable = (population?: string) =>
  definePublishTable({
    name: "pub_cross",
    grain: "programme x term, with margins",
    source: "marts.cross",
    dimensions: ["programme", "term"],
    margins: crossMargins("programme", "term"),
    measures: [{ kind: "count", column: "persons", ...(population ? { population } : {}) }],
  });

// persons:      HT    VT    ST   | total
//   P1           3    10    20   |   33
//   P2          12    15     8   |   35
//   P3          30     6    40   |   76
//   total       45    31    68   |  144
const CROSS: [string, string, number][] = [
  ["P1", "HT", 3],
  ["P1", "VT", 10],
  ["P1", "ST", 20],
  ["P2", "HT", 12],
  ["P2", "VT", 15],
  ["P2", "ST", 8],
  ["P3", "HT", 30],
  ["P3", "VT", 6],
  ["P3", "ST", 40],
];

type Published = { programme: string | null; term: string | null; persons: number | null };
const grid = (rows: Published[]) =>
  Object.fromEntries(rows.map((r) => [`${r.programme ?? "*"}/${r.term ?? "*"}`, r.persons]));

describe("publish tables with disclosure control", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterEach(() => warehouse.close());

  it("3x3 with margins and one primary cell: suppresses the cheapest rectangle, rounds the rest", async () => {
    await mart(warehouse, "cross", ["programme", "term", "persons"], CROSS);
    const { tables } = await publishTables(warehouse, [crossTable()], PRIVACY);
    expect(tables).toMatchObject([{ model: "publish.pub_cross", rows: 16, primary: 1, secondary: 3 }]);
    // Rectangles around P1/HT: (P2, VT) costs 10 + 12 + 15 = 37, the least; (P2, ST) 40, (P3, VT) 46, margins more.
    expect(await warehouse.all("SELECT * FROM publish.pub_cross")).toEqual([
      { programme: "P1", term: "HT", total_over: null, persons: null, persons_suppressed: true },
      { programme: "P1", term: "ST", total_over: null, persons: 20, persons_suppressed: false },
      { programme: "P1", term: "VT", total_over: null, persons: null, persons_suppressed: true },
      { programme: "P1", term: null, total_over: "term", persons: 35, persons_suppressed: false },
      { programme: "P2", term: "HT", total_over: null, persons: null, persons_suppressed: true },
      { programme: "P2", term: "ST", total_over: null, persons: 10, persons_suppressed: false },
      { programme: "P2", term: "VT", total_over: null, persons: null, persons_suppressed: true },
      { programme: "P2", term: null, total_over: "term", persons: 35, persons_suppressed: false },
      { programme: "P3", term: "HT", total_over: null, persons: 30, persons_suppressed: false },
      { programme: "P3", term: "ST", total_over: null, persons: 40, persons_suppressed: false },
      { programme: "P3", term: "VT", total_over: null, persons: 5, persons_suppressed: false },
      { programme: "P3", term: null, total_over: "term", persons: 75, persons_suppressed: false },
      { programme: null, term: "HT", total_over: "programme", persons: 45, persons_suppressed: false },
      { programme: null, term: "ST", total_over: "programme", persons: 70, persons_suppressed: false },
      { programme: null, term: "VT", total_over: "programme", persons: 30, persons_suppressed: false },
      { programme: null, term: null, total_over: "programme,term", persons: 145, persons_suppressed: false },
    ]);
  });

  it("thresholds from configuration change the result: minCount 10 suppresses three primaries and their partners", async () => {
    await mart(warehouse, "cross", ["programme", "term", "persons"], CROSS);
    const { tables } = await publishTables(warehouse, [crossTable()], { ...PRIVACY, minCount: 10 });
    // Primaries P1/HT 3, P2/ST 8, P3/VT 6, taken in key order. P1/HT: the rectangle through P2/ST costs
    // P1/ST 20 + P2/HT 12 (P2/ST is suppressed already) = 32, less than 37 through P2/VT; that also
    // gives P2/ST its partners. P3/VT: through P1/HT it costs P1/VT 10 + P3/HT 30 = 40, the least.
    expect(tables).toMatchObject([{ primary: 3, secondary: 4 }]);
    const rows = grid(await warehouse.all<Published>("SELECT * FROM publish.pub_cross"));
    expect(rows).toEqual({
      "P1/HT": null,
      "P1/ST": null,
      "P1/VT": null,
      "P1/*": 35,
      "P2/HT": null,
      "P2/ST": null,
      "P2/VT": 15,
      "P2/*": 35,
      "P3/HT": null,
      "P3/ST": 40,
      "P3/VT": null,
      "P3/*": 75,
      "*/HT": 45,
      "*/ST": 70,
      "*/VT": 30,
      "*/*": 145,
    });
  });

  it("without published margins nothing can be subtracted: only primary suppression", async () => {
    await mart(warehouse, "cross", ["programme", "term", "persons"], CROSS);
    const flat = definePublishTable({ ...crossTable(), margins: [] });
    await publishTables(warehouse, [flat], PRIVACY);
    expect(
      await warehouse.all("SELECT programme, term, persons FROM publish.pub_cross WHERE persons_suppressed"),
    ).toEqual([{ programme: "P1", term: "HT", persons: null }]);
    expect(
      await warehouse.all(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'pub_cross'",
      ),
    ).not.toContainEqual({ column_name: "total_over" });
  });

  it("hierarchy programme -> faculty -> total: a suppressed faculty gets a partner faculty", async () => {
    await mart(
      warehouse,
      "by_programme",
      ["faculty", "programme", "persons"],
      [
        ["F1", "P1", 3],
        ["F1", "P2", 20],
        ["F1", "P3", 30],
        ["F2", "P4", 4],
        ["F3", "P5", 60],
        ["F3", "P6", 70],
      ],
    );
    const spec = definePublishTable({
      name: "pub_by_programme",
      grain: "programme within faculty",
      source: "marts.by_programme",
      dimensions: ["faculty", "programme"],
      margins: crossMargins(["faculty", "programme"]),
      measures: [{ kind: "count", column: "persons" }],
    });
    expect(spec.margins).toEqual([["faculty"], []]);
    await publishTables(warehouse, [spec], PRIVACY);
    // P1 (3) takes its cheapest sibling P2; F2 (4, its only programme P4 too) is alone among the
    // faculties, so the cheapest other faculty, F1 (53), is suppressed as well.
    expect(
      await warehouse.all("SELECT faculty, programme, total_over, persons FROM publish.pub_by_programme"),
    ).toEqual([
      { faculty: "F1", programme: "P1", total_over: null, persons: null },
      { faculty: "F1", programme: "P2", total_over: null, persons: null },
      { faculty: "F1", programme: "P3", total_over: null, persons: 30 },
      { faculty: "F1", programme: null, total_over: "programme", persons: null },
      { faculty: "F2", programme: "P4", total_over: null, persons: null },
      { faculty: "F2", programme: null, total_over: "programme", persons: null },
      { faculty: "F3", programme: "P5", total_over: null, persons: 60 },
      { faculty: "F3", programme: "P6", total_over: null, persons: 70 },
      { faculty: "F3", programme: null, total_over: "programme", persons: 130 },
      // 187 rounds to 190, not to the nearest 185: its faculties round to 55 (hidden) + 5 (hidden) + 130, and the
      // published figures add up (controlled.ts).
      { faculty: null, programme: null, total_over: "faculty,programme", persons: 190 },
    ]);
  });

  it("cells shared with another table are suppressed in both", async () => {
    // Programme x sex with margins, and a second table of programme totals: the same persons.
    const rows: [string, string, number][] = [
      ["P1", "f", 10],
      ["P1", "m", 12],
      ["P2", "f", 20],
      ["P2", "m", 25],
      ["P3", "f", 2],
      ["P3", "m", 2],
    ];
    await mart(warehouse, "by_sex", ["programme", "sex", "persons"], rows);
    const bySex = definePublishTable({
      name: "pub_by_sex",
      grain: "programme x sex",
      source: "marts.by_sex",
      dimensions: ["programme", "sex"],
      margins: crossMargins("programme", "sex"),
      measures: [{ kind: "count", column: "persons", population: "students" }],
    });
    const byProgramme = definePublishTable({
      name: "pub_by_programme",
      grain: "programme",
      source: "SELECT programme, sum(persons) AS persons FROM marts.by_sex GROUP BY programme",
      dimensions: ["programme"],
      measures: [{ kind: "count", column: "persons", population: "students" }],
    });
    await publishTables(warehouse, [bySex, byProgramme], PRIVACY);
    // P3 (4) is primary with both its cells; among programme totals it needs a partner: P1 (22).
    expect(await warehouse.all("SELECT * FROM publish.pub_by_programme")).toEqual([
      { programme: "P1", persons: null, persons_suppressed: true },
      { programme: "P2", persons: 45, persons_suppressed: false },
      { programme: "P3", persons: null, persons_suppressed: true },
    ]);
    const suppressed = await warehouse.all(
      "SELECT programme, sex FROM publish.pub_by_sex WHERE persons_suppressed ORDER BY ALL",
    );
    expect(suppressed).toEqual([
      { programme: "P1", sex: "f" },
      { programme: "P1", sex: "m" },
      { programme: "P1", sex: null },
      { programme: "P3", sex: "f" },
      { programme: "P3", sex: "m" },
      { programme: "P3", sex: null },
    ]);
    // Declared without a shared population, the second table would publish P1 beside the suppressed margin.
    const unlinked = definePublishTable({ ...byProgramme, measures: [{ kind: "count", column: "persons" }] });
    await publishTables(warehouse, [bySex, unlinked], PRIVACY);
    expect(
      await warehouse.scalar("SELECT persons FROM publish.pub_by_programme WHERE programme = 'P1'"),
    ).toBe(20);
  });

  it("a finer table under a coarser one: the coarser cell is the margin a reader subtracts from", async () => {
    await mart(
      warehouse,
      "by_sex",
      ["programme", "sex", "persons"],
      [
        ["P1", "f", 3],
        ["P1", "m", 30],
        ["P2", "f", 20],
        ["P2", "m", 25],
      ],
    );
    const fine = definePublishTable({
      name: "pub_fine",
      grain: "programme x sex, no margins",
      source: "marts.by_sex",
      dimensions: ["programme", "sex"],
      measures: [{ kind: "count", column: "persons", population: "students" }],
    });
    const coarse = definePublishTable({
      name: "pub_coarse",
      grain: "programme",
      source: "SELECT programme, sum(persons) AS persons FROM marts.by_sex GROUP BY ALL",
      dimensions: ["programme"],
      measures: [{ kind: "count", column: "persons", population: "students" }],
    });
    await publishTables(warehouse, [fine, coarse], PRIVACY);
    expect(await warehouse.all("SELECT programme, sex, persons FROM publish.pub_fine")).toEqual([
      { programme: "P1", sex: "f", persons: null },
      { programme: "P1", sex: "m", persons: null },
      { programme: "P2", sex: "f", persons: 20 },
      { programme: "P2", sex: "m", persons: 25 },
    ]);
    expect(await warehouse.all("SELECT programme, persons FROM publish.pub_coarse")).toEqual([
      { programme: "P1", persons: 35 },
      { programme: "P2", persons: 45 },
    ]);
  });

  it("interval audit: rates from the rounded counts give nothing more away, so they need no further partner", async () => {
    // passed (students = 2 x passed + 30, so every rate has 23+ in its denominator):
    //        c0  c1  c2  c3 | total
    //   r0   16   2  71  48 |  137
    //   r1   17  28   2  15 |   62
    //   r2   14   5   0   1 |   20
    //   r3   30  15   3  23 |   71
    const passed = [
      [16, 2, 71, 48],
      [17, 28, 2, 15],
      [14, 5, 0, 1],
      [30, 15, 3, 23],
    ];
    await mart(
      warehouse,
      "passes",
      ["r", "c", "passed", "students"],
      passed.flatMap((row, r) => row.map((v, c) => [`r${r}`, `c${c}`, v, 2 * v + 30])),
    );
    const spec = (withRate: boolean) =>
      definePublishTable({
        name: "pub_passes",
        grain: "r x c with all margins",
        source: "marts.passes",
        dimensions: ["r", "c"],
        margins: crossMargins("r", "c"),
        measures: [
          { kind: "count", column: "passed" },
          { kind: "count", column: "students" },
          ...(withRate
            ? [{ kind: "rate" as const, name: "pass_rate", numerator: "passed", denominator: "students" }]
            : []),
        ],
      });
    const suppressed = async () =>
      (
        await warehouse.all<{ cell: string }>(
          "SELECT coalesce(r, '*') || '/' || coalesce(c, '*') AS cell FROM publish.pub_passes WHERE passed_suppressed ORDER BY ALL",
        )
      ).map((row) => row.cell);
    // The primaries r0/c1, r1/c2, r2/c3, r3/c2 take rectangles; every line then holds two suppressed cells.
    const rectangles = ["r0/c0", "r0/c1", "r1/c2", "r1/c3", "r2/c0", "r2/c1", "r2/c3", "r3/c2", "r3/c3"];
    // Rounded counts alone leave every suppressed cell a range: nothing more to do.
    const counts = await publishTables(warehouse, [spec(false)], PRIVACY);
    expect(counts.auditAdded).toBe(0);
    expect(await suppressed()).toEqual(rectangles);
    // Rates computed from the exact counts gave them away: with the published zero r2/c2, row r2 pinned
    // r2/c3 to 1, and the audit had to suppress the row totals r1 and r2 too. From the rounded counts a
    // rate adds nothing to them: the same pattern holds.
    const rates = await publishTables(warehouse, [spec(true)], PRIVACY);
    expect(rates.auditAdded).toBe(0);
    expect(await suppressed()).toEqual(rectangles);
    expect(
      await warehouse.all(
        "SELECT pass_rate, pass_rate_suppressed FROM publish.pub_passes WHERE r = 'r2' AND c = 'c2'",
      ),
    ).toEqual([{ pass_rate: 0, pass_rate_suppressed: false }]);
  });

  it("rates: k/n of the rounded counts (to 4 decimals) with a Wilson interval of them beside the counts; suppressed where the published denominator could be below 23, or with a suppressed count", async () => {
    const spec = await yieldTable(warehouse, [
      ["P1", 22, 20],
      ["P2", 28, 17],
      ["P3", 40, 3],
      ["P4", 41, 0],
    ]);
    await publishTables(warehouse, [spec], PRIVACY);
    const rows = await warehouse.all<Record<string, unknown>>("SELECT * FROM publish.pub_yield");
    // from the rounded counts: 15 of 30 and 0 of 40, not 17 of 28 and 0 of 41. (A published 25 is 21..29
    // under controlled rounding: a rate shown on it would say n >= 23, so it is shown from 30.)
    const w15 = wilson(15, 30)!;
    const w0 = wilson(0, 40)!;
    expect(rows).toEqual([
      {
        programme: "P1",
        admitted: 20,
        admitted_suppressed: false,
        enrolled: 20,
        enrolled_suppressed: false,
        yield: null,
        yield_low: null,
        yield_high: null,
        yield_suppressed: true,
      },
      {
        programme: "P2",
        admitted: 30,
        admitted_suppressed: false,
        enrolled: 15,
        enrolled_suppressed: false,
        yield: 0.5, // 15 / 30: 17 / 28 = 0.6071 and its interval would say 17 and 28
        yield_low: Math.round(w15.low * 1e4) / 1e4,
        yield_high: Math.round(w15.high * 1e4) / 1e4,
        yield_suppressed: false,
      },
      {
        programme: "P3",
        admitted: 40,
        admitted_suppressed: false,
        enrolled: null,
        enrolled_suppressed: true,
        yield: null,
        yield_low: null,
        yield_high: null,
        yield_suppressed: true,
      },
      {
        programme: "P4",
        admitted: 40,
        admitted_suppressed: false,
        enrolled: 0,
        enrolled_suppressed: false,
        yield: 0,
        yield_low: Math.round(w0.low * 1e4) / 1e4,
        yield_high: Math.round(w0.high * 1e4) / 1e4,
        yield_suppressed: false,
      },
    ]);
  });

  it("rates: never shown on a denominator its rounding says could be under the threshold", async () => {
    const spec = await yieldTable(warehouse, [
      ["P1", 20, 10],
      ["P2", 23, 10],
    ]);
    // A threshold of 20: 20 admitted is published as 20, which 18 and 19 would be too; a rate shown
    // there would say the count is 20 or more. From 23 (published 25: 23..27) every count reaches it.
    await publishTables(warehouse, [spec], { ...PRIVACY, minRateDenominator: 20 });
    expect(await warehouse.all("SELECT programme, admitted, yield FROM publish.pub_yield")).toEqual([
      { programme: "P1", admitted: 20, yield: null },
      { programme: "P2", admitted: 25, yield: 0.4 },
    ]);
  });

  it("margin arithmetic: the published cells add up to their published total, which then pins nothing", async () => {
    // Four cells of 7 and their total 28. Rounded each to the nearest (5, 5, 5, 5 under 30), the cells add
    // up to 28 at most: the total was 28 and every cell 7, and the audit had to suppress two. Rounded
    // together (controlled.ts), each goes to a multiple next to it and the cells add up to the total.
    await mart(
      warehouse,
      "groups",
      ["grp", "persons"],
      ["a", "b", "c", "d"].map((g) => [g, 7]),
    );
    const spec = definePublishTable({
      name: "pub_groups",
      grain: "group, with total",
      source: "marts.groups",
      dimensions: ["grp"],
      margins: [[]],
      measures: [{ kind: "count", column: "persons" }],
    });
    const { auditAdded } = await publishTables(warehouse, [spec], PRIVACY);
    expect(auditAdded).toBe(0);
    const rows = await warehouse.all<{ grp: string | null; persons: number | null }>(
      "SELECT grp, persons FROM publish.pub_groups",
    );
    const cells = rows.filter((r) => r.grp !== null).map((r) => r.persons!);
    const total = rows.find((r) => r.grp === null)!.persons!;
    for (const cell of cells) expect([5, 10]).toContain(cell);
    expect([25, 30]).toContain(total);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("means: suppressed when resting on fewer than 8 persons; shown to the step their unit and rounded persons allow; margins weighted by rounded persons", async () => {
    const spec = await creditsTable(warehouse, [
      ["P1", 7, 50],
      ["P2", 8, 40],
      ["P3", 30, 55],
    ]);
    await publishTables(warehouse, [spec], PRIVACY);
    // P1's mean (7 persons) is suppressed, so P2's mean, the cheapest other, goes with it: the total mean
    // and the counts would give it back otherwise. Steps: 5 x 1.5 credits over the least persons the
    // published count allows, up to 1, 2 or 5 x 10^k: P3 (30: 28..32) 0.27 -> 0.5; total (45: 43..47)
    // 0.17 -> 0.2. The total weights its cells by their rounded persons (5, 10, 30): 2300 / 45 = 51.11,
    // where the exact weights (7, 8, 30) would give 51.56 and, beside its cells, their exact sizes.
    expect(
      await warehouse.all("SELECT programme, students, credits, credits_suppressed FROM publish.pub_credits"),
    ).toEqual([
      { programme: "P1", students: 5, credits: null, credits_suppressed: true },
      { programme: "P2", students: 10, credits: null, credits_suppressed: true },
      { programme: "P3", students: 30, credits: 55, credits_suppressed: false },
      { programme: null, students: 45, credits: 51.2, credits_suppressed: false },
    ]);
  });

  it("a table of one number, and a mean over nobody: flagged, with no partner asked for", async () => {
    const credits = await creditsTable(warehouse, [
      ["P1", 0, null],
      // 13: published 15 (11..19), enough for a mean (a published 10, 6..14, would not be)
      ["P2", 13, 40],
      ["P3", 30, 55],
    ]);
    const total = definePublishTable({
      name: "pub_total",
      grain: "one row: everyone",
      source: "marts.credits",
      dimensions: [],
      measures: [{ kind: "count", column: "students" }],
    });
    await publishTables(warehouse, [total, credits], PRIVACY);
    expect(await warehouse.all("SELECT * FROM publish.pub_total")).toEqual([
      { students: 45, students_suppressed: false },
    ]);
    expect(
      await warehouse.all("SELECT programme, students, credits, credits_suppressed FROM publish.pub_credits"),
    ).toEqual([
      { programme: "P1", students: 0, credits: null, credits_suppressed: true },
      { programme: "P2", students: 15, credits: 40, credits_suppressed: false },
      { programme: "P3", students: 30, credits: 55, credits_suppressed: false },
      // (15 x 40 + 30 x 55) / 45 = 50, to the step 0.2 of 45 published persons (41..49)
      { programme: null, students: 45, credits: 50, credits_suppressed: false },
    ]);
  });

  it("school-of-origin cells need minSchoolCell persons", async () => {
    await mart(
      warehouse,
      "schools",
      ["school", "students"],
      [
        ["S1", 9],
        ["S2", 10],
      ],
    );
    const spec = definePublishTable({
      name: "pub_schools",
      grain: "school",
      source: "marts.schools",
      dimensions: ["school"],
      measures: [{ kind: "school-count", column: "students" }],
    });
    await publishTables(warehouse, [spec], PRIVACY);
    expect(await warehouse.all("SELECT school, students FROM publish.pub_schools")).toEqual([
      { school: "S1", students: null },
      { school: "S2", students: 10 },
    ]);
    await publishTables(warehouse, [spec], { ...PRIVACY, minSchoolCell: 5 });
    expect(await warehouse.all("SELECT school, students FROM publish.pub_schools")).toEqual([
      { school: "S1", students: 10 },
      { school: "S2", students: 10 },
    ]);
  });

  it("takes distinct-count margins from the source when they do not add up", async () => {
    // A person can inquire through two channels: the month total is a distinct count, not a sum.
    await warehouse.run(`CREATE TABLE marts.inquiries AS
      SELECT * FROM (VALUES ('2026-01', 'fair', 3), ('2026-01', 'web', 30), ('2026-01', NULL, 31)) v(month, channel, inquirers)`);
    const spec = definePublishTable({
      name: "pub_inquiries",
      grain: "month x channel, month totals as distinct persons",
      source: `SELECT month, channel, inquirers, CASE WHEN channel IS NULL THEN 1 ELSE 0 END AS _grouping
               FROM marts.inquiries`,
      dimensions: ["month", "channel"],
      margins: [["month"]],
      totals: "source",
      measures: [{ kind: "count", column: "inquirers" }],
    });
    await publishTables(warehouse, [spec], PRIVACY);
    expect(await warehouse.all("SELECT * FROM publish.pub_inquiries")).toEqual([
      { month: "2026-01", channel: "fair", total_over: null, inquirers: null, inquirers_suppressed: true },
      { month: "2026-01", channel: "web", total_over: null, inquirers: null, inquirers_suppressed: true },
      { month: "2026-01", channel: null, total_over: "channel", inquirers: 30, inquirers_suppressed: false },
    ]);
    const stray = definePublishTable({ ...spec, margins: [] });
    await expect(publishTables(warehouse, [stray], PRIVACY)).rejects.toThrow(
      /_grouping 1, which no declared margin/,
    );
  });

  it("a status marks figures no source delivers: NULL and not suppressed, beside the status; margins may not mix statuses", async () => {
    // Persons reaching a stage, of a base: no system records enrolments, so that stage's counts are 0 in the mart.
    const columns = ["stage", "programme", "persons", "base", "status"];
    await mart(warehouse, "stages", columns, [
      ["applied", "P1", 30, 40, "ok"],
      ["applied", "P2", 45, 50, "ok"],
      ["enrolled", "P1", 0, 40, "no_source"],
      ["enrolled", "P2", 0, 50, "no_source"],
    ]);
    const spec = (source: string) =>
      definePublishTable({
        name: "pub_stages",
        grain: "stage x programme",
        source,
        dimensions: ["stage", "programme"],
        margins: [["stage"]],
        measures: [
          { kind: "count", column: "persons" },
          { kind: "count", column: "base" },
          { kind: "rate", name: "share", numerator: "persons", denominator: "base" },
        ],
        status: { column: "status", measures: ["persons", "share"] },
      });
    await publishTables(warehouse, [spec("marts.stages")], PRIVACY);
    expect(
      await warehouse.all(
        `SELECT stage, programme, persons, persons_suppressed AS ps, base, share, share_low IS NULL AS no_low,
                share_suppressed AS ss, status
           FROM publish.pub_stages ORDER BY stage, programme NULLS LAST`,
      ),
    ).toEqual([
      {
        stage: "applied",
        programme: "P1",
        persons: 30,
        ps: false,
        base: 40,
        share: 0.75,
        no_low: false,
        ss: false,
        status: "ok",
      },
      {
        stage: "applied",
        programme: "P2",
        persons: 45,
        ps: false,
        base: 50,
        share: 0.9,
        no_low: false,
        ss: false,
        status: "ok",
      },
      {
        stage: "applied",
        programme: null,
        persons: 75,
        ps: false,
        base: 90,
        share: 0.8333,
        no_low: false,
        ss: false,
        status: "ok",
      },
      // unknown, not 0% and not hidden; the base, which a source does deliver, is published
      {
        stage: "enrolled",
        programme: "P1",
        persons: null,
        ps: false,
        base: 40,
        share: null,
        no_low: true,
        ss: false,
        status: "no_source",
      },
      {
        stage: "enrolled",
        programme: "P2",
        persons: null,
        ps: false,
        base: 50,
        share: null,
        no_low: true,
        ss: false,
        status: "no_source",
      },
      {
        stage: "enrolled",
        programme: null,
        persons: null,
        ps: false,
        base: 90,
        share: null,
        no_low: true,
        ss: false,
        status: "no_source",
      },
    ]);
    // a margin summing a cell with data and one without would publish a part as the whole
    await warehouse.run(
      "UPDATE marts.stages SET status = 'ok' WHERE stage = 'enrolled' AND programme = 'P1'",
    );
    await expect(publishTables(warehouse, [spec("marts.stages")], PRIVACY)).rejects.toThrow(
      "publish table pub_stages: 1 margins sum cells of more than one status",
    );
    expect(() =>
      definePublishTable({ ...spec("marts.stages"), status: { column: "status", measures: ["nope"] } }),
    ).toThrow("publish table pub_stages: status: status names nope, not a measure of this table");
  });

  it("several statuses each null only their own measures: an outcome whose window is open beside one that has closed", async () => {
    // one cohort row, two outcomes: progression's first year is over, graduation's window is not
    const columns = [
      "intake",
      "programme",
      "students",
      "progressed",
      "graduated",
      "progression_status",
      "graduation_status",
    ];
    await mart(warehouse, "cohorts", columns, [
      ["HT2025", "P1", 40, 30, 0, "ok", "not_yet_observable"],
      ["HT2025", "P2", 50, 45, 0, "ok", "not_yet_observable"],
    ]);
    const spec = definePublishTable({
      name: "pub_cohorts",
      grain: "intake x programme",
      source: "marts.cohorts",
      dimensions: ["intake", "programme"],
      margins: [["intake"]],
      measures: [
        { kind: "count", column: "students" },
        { kind: "count", column: "progressed" },
        { kind: "count", column: "graduated" },
        { kind: "rate", name: "progression", numerator: "progressed", denominator: "students" },
        { kind: "rate", name: "graduation", numerator: "graduated", denominator: "students" },
      ],
      status: [
        { column: "progression_status", measures: ["progressed", "progression"] },
        { column: "graduation_status", measures: ["graduated", "graduation"] },
      ],
    });
    await publishTables(warehouse, [spec], PRIVACY);
    expect(
      await warehouse.all(
        `SELECT programme, progressed, progression, graduated, graduation, graduation_suppressed AS gs,
                progression_status, graduation_status
           FROM publish.pub_cohorts ORDER BY programme NULLS LAST`,
      ),
    ).toEqual([
      {
        programme: "P1",
        progressed: 30,
        progression: 0.75,
        graduated: null,
        graduation: null,
        gs: false,
        progression_status: "ok",
        graduation_status: "not_yet_observable",
      },
      {
        programme: "P2",
        progressed: 45,
        progression: 0.9,
        graduated: null,
        graduation: null,
        gs: false,
        progression_status: "ok",
        graduation_status: "not_yet_observable",
      },
      {
        programme: null,
        progressed: 75,
        progression: 0.8333,
        graduated: null,
        graduation: null,
        gs: false,
        progression_status: "ok",
        graduation_status: "not_yet_observable",
      },
    ]);
    expect(() =>
      definePublishTable({
        ...spec,
        status: [
          { column: "progression_status", measures: ["progression"] },
          { column: "graduation_status", measures: ["progression"] },
        ],
      }),
    ).toThrow("progression has more than one status");
  });

  it("rejects declarations that cannot be published", async () => {
    expect(() =>
      definePublishTable({
        name: "pub_bad",
        grain: "x",
        source: "marts.x",
        dimensions: ["a"],
        margins: [["b"]],
        measures: [{ kind: "rate", name: "r", numerator: "k", denominator: "n" }],
      }),
    ).toThrow(PublishSpecError);
    expect(() =>
      definePublishTable({ name: "Pub Bad", grain: "x", source: "marts.x", dimensions: [], measures: [] }),
    ).toThrow(/name.*lower-case|measures/);
    expect(() =>
      definePublishTable({
        name: "pub_bad",
        grain: "x",
        source: "marts.x",
        dimensions: ["persons"],
        measures: [{ kind: "count", column: "persons" }],
      }),
    ).toThrow(/both a dimension and a measure/);
    // A mean whose margins come from the source would be weighted by exact persons there.
    const meanOf = (
      totals: "sum" | "source",
      unit: number | { by: string; values: Record<string, number> },
    ) => ({
      name: "pub_bad",
      grain: "x",
      source: "marts.x",
      dimensions: ["a"],
      margins: [[]],
      totals,
      measures: [
        { kind: "count" as const, column: "persons" },
        { kind: "mean" as const, name: "m", value: "v", persons: "persons", unit },
      ],
    });
    expect(() => definePublishTable(meanOf("source", 1))).toThrow(/mean m: .*totals "sum"/);
    expect(() => definePublishTable(meanOf("sum", 1))).not.toThrow();
    expect(() => definePublishTable(meanOf("sum", { by: "b", values: { x: 1 } }))).toThrow(
      /unit.by names b, not a dimension/,
    );
    await mart(warehouse, "cross", ["programme", "term", "persons"], CROSS);
    await expect(publishTables(warehouse, [crossTable(), crossTable()], PRIVACY)).rejects.toThrow(
      /declared twice/,
    );
    // Two tables that claim the same cells must hold the same numbers.
    const other = definePublishTable({
      ...crossTable("students"),
      name: "pub_other",
      source: "SELECT programme, term, persons + 1 AS persons FROM marts.cross",
    });
    await expect(publishTables(warehouse, [crossTable("students"), other], PRIVACY)).rejects.toThrow(
      /published twice with different values/,
    );
    const twice = definePublishTable({
      ...crossTable(),
      margins: [],
      totals: "source",
      source:
        "SELECT programme, term, persons, 0 AS _grouping FROM marts.cross UNION ALL SELECT 'P1', 'HT', 3, 0",
    });
    await expect(publishTables(warehouse, [twice], PRIVACY)).rejects.toThrow(/1 cells on more than one row/);
  });

  it("keeps a group of tables whose inputs are unchanged, and releases a changed table with every table sharing a population", async () => {
    const students = (name: string, source: string, dims: string[]) =>
      definePublishTable({
        name,
        grain: dims.join(" x "),
        source,
        dimensions: dims,
        margins: dims.length > 1 ? crossMargins(dims[0]!, dims[1]!) : [],
        measures: [{ kind: "count", column: "persons", population: "students" }],
      });
    const bySex = students("pub_by_sex", "marts.by_sex", ["programme", "sex"]);
    const byProgramme = students(
      "pub_by_programme",
      "SELECT programme, sum(persons) AS persons FROM marts.by_programme GROUP BY programme",
      ["programme"],
    );
    const cross = crossTable();
    expect(linkedSpecs([bySex, cross, byProgramme]).map((group) => group.map((spec) => spec.name))).toEqual([
      ["pub_by_sex", "pub_by_programme"],
      ["pub_cross"],
    ]);
    const rows: [string, string, number][] = [
      ["P1", "f", 10],
      ["P1", "m", 12],
      ["P2", "f", 20],
      ["P2", "m", 25],
    ];
    await mart(warehouse, "by_sex", ["programme", "sex", "persons"], rows);
    await mart(warehouse, "by_programme", ["programme", "sex", "persons"], rows);
    await mart(warehouse, "cross", ["programme", "term", "persons"], CROSS);
    const specs = [bySex, byProgramme, cross];
    const first = await publishRelease(warehouse, { specs, privacy: PRIVACY });
    expect(first.kept).toEqual([]);
    expect(
      await warehouse.scalar("SELECT count(*) FROM publish.pub_by_programme WHERE persons_suppressed"),
    ).toBe(0);
    // P1 shrinks below the threshold in the programme mart only: the table reading it is not current, and the
    // table it shares a population with is released again with it, or P1's total would stand beside a hidden cell
    await warehouse.run("UPDATE marts.by_programme SET persons = 1 WHERE programme = 'P1'");
    await warehouse.run("UPDATE marts.by_sex SET persons = 1 WHERE programme = 'P1'");
    const second = await publishRelease(warehouse, {
      specs,
      privacy: PRIVACY,
      current: new Set(["pub_by_sex", "pub_cross"]),
    });
    expect(second.tables.map((t) => t.model)).toEqual(["publish.pub_by_sex", "publish.pub_by_programme"]);
    expect(second.kept).toEqual([{ model: "publish.pub_cross", rows: 16 }]);
    expect(
      await warehouse.all(
        "SELECT programme, sex FROM publish.pub_by_sex WHERE persons_suppressed ORDER BY ALL",
      ),
    ).toEqual([
      { programme: "P1", sex: "f" },
      { programme: "P1", sex: "m" },
      { programme: "P1", sex: null },
      { programme: "P2", sex: "f" },
      { programme: "P2", sex: "m" },
      { programme: "P2", sex: null },
    ]);
  });
});
