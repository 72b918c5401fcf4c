import { describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor, runDownstreamOf } from "../../helpers/models.ts";

// [programme, status, persons so far, base so far, expected, low95, high95]
type Row = [string, string, number, number | null, number | null, number | null, number | null];

async function forecasts(w: Warehouse, rows: Row[]) {
  await w.run(`CREATE OR REPLACE TABLE marts.mart_enrolment_forecast (programme_code VARCHAR, intake VARCHAR,
    stage VARCHAR, as_of DATE, weeks_to_deadline INTEGER, census_weeks_to_deadline INTEGER, status VARCHAR, earlier_cycles BIGINT, size_band VARCHAR,
    base_stage VARCHAR, base_so_far BIGINT, persons_so_far BIGINT, expected DOUBLE, low80 DOUBLE, high80 DOUBLE,
    low95 DOUBLE, high95 DOUBLE)`);
  for (const [programme, status, soFar, base, expected, low, high] of rows)
    await w.run(
      `INSERT INTO marts.mart_enrolment_forecast VALUES ($1, 'HT2027', 'enrolled', DATE '2026-11-23', 20, -22, $2, 3,
         'medium', CASE WHEN $4::BIGINT IS NOT NULL THEN 'application' END, $4, $3, $5, $6, $7, $6, $7)`,
      [programme, status, soFar, base, expected, low, high],
    );
}

describe("publish.pub_enrolment_forecast (minimum 5, rounding to 5)", () => {
  const w = modelWarehouseFor("test");

  it("rounds a forecast as a count, and withholds it where a count it rests on is withheld", async () => {
    await forecasts(w, [
      ["P1", "ok", 0, 42, 23.4, 11.2, 36.9], // paced on 42 applicants so far: shown, rounded
      ["P2", "ok", 0, 3, 7.5, 1.1, 14.2], // paced on 3 applicants: 7.5 / ratio would name them
      ["P3", "ok", 2, 2, 3, 2, 6], // 2 enrolled so far: withheld, as is the forecast
      ["P4", "ok", 0, null, 12.6, 4.1, 21.1], // nobody yet: the earlier intakes' mean, shown
      ["P5", "too_few_cycles", 7, null, null, null, null],
    ]);
    await runDownstreamOf(w, ["marts.mart_enrolment_forecast"]);
    expect(
      await w.all(
        `SELECT programme_code AS p, persons_so_far AS n, persons_so_far_suppressed AS ns, expected AS e,
                expected_low95 AS lo, expected_high95 AS hi, forecast_suppressed AS fs
           FROM publish.pub_enrolment_forecast ORDER BY programme_code`,
      ),
    ).toEqual([
      { p: "P1", n: 0, ns: false, e: 25, lo: 10, hi: 35, fs: false },
      { p: "P2", n: 0, ns: false, e: null, lo: null, hi: null, fs: true },
      { p: "P3", n: null, ns: true, e: null, lo: null, hi: null, fs: true },
      { p: "P4", n: 0, ns: false, e: 15, lo: 5, hi: 20, fs: false },
      { p: "P5", n: 5, ns: false, e: null, lo: null, hi: null, fs: false },
    ]);
  });
});
