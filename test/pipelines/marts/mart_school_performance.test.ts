import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

interface Row {
  school_code: string;
  students: number;
  raw_difference: number;
  shrink_factor: number;
  estimate: number;
  estimate_low: number;
  estimate_high: number;
  significant: boolean;
}

// One programme and intake. Ten large schools (300 students each, first-year credits alternating mean +/- 15,
// means 49.1 .. 50.9) and one school of 3 students with an extreme mean (55, 70, 85: 70, the same spread).
const LARGE = Array.from({ length: 10 }, (_, k) => ({ code: `L${k}`, mean: 49.1 + 0.2 * k }));

/** The estimator of mart_school_performance, written out independently on the same students. */
function expected(): Map<string, { raw: number; b: number; estimate: number; se: number }> {
  const students: { school: string; y: number }[] = [];
  for (const s of LARGE)
    for (let i = 0; i < 300; i++) students.push({ school: s.code, y: s.mean + (i % 2 === 0 ? 15 : -15) });
  for (const y of [55, 70, 85]) students.push({ school: "S", y });
  // TINY's two students (50, 50) are in the cohort mean, not among the estimated schools
  const cohortMean = (students.reduce((a, s) => a + s.y, 0) + 100) / (students.length + 2);
  const bySchool = new Map<string, number[]>();
  for (const s of students) bySchool.set(s.school, [...(bySchool.get(s.school) ?? []), s.y - cohortMean]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  let ss = 0;
  for (const d of bySchool.values()) ss += d.reduce((a, x) => a + (x - mean(d)) ** 2, 0);
  const s2 = ss / (students.length - bySchool.size);
  const raws = [...bySchool.entries()].map(([code, d]) => ({ code, raw: mean(d), v: s2 / d.length }));
  const m = mean(raws.map((r) => r.raw));
  const varD = raws.reduce((a, r) => a + (r.raw - m) ** 2, 0) / (raws.length - 1);
  const tau2 = Math.max(0, varD - mean(raws.map((r) => r.v)));
  return new Map(
    raws.map((r) => {
      const b = tau2 / (tau2 + r.v);
      return [r.code, { raw: r.raw, b, estimate: b * r.raw, se: Math.sqrt(b * r.v) }];
    }),
  );
}

describe("marts.mart_school_performance: empirical-Bayes shrinkage of school differences", () => {
  let w: Warehouse;
  let rows: Row[];

  beforeAll(async () => {
    w = await modelWarehouse({ outcomes: { schoolMinN: 3 } });
    await runUpTo(w, ["marts.mart_school_performance"]);
    await w.run("DELETE FROM core.fct_programme_starts");
    const insert = `INSERT INTO core.fct_programme_starts BY NAME
      SELECT $1 * 1000 + i AS person_id, 'PROGA' AS programme_code, 'HT2022' AS intake, 'BI' AS prior_education,
             $2 AS school_code, $3 + CASE WHEN i % 2 = 0 THEN 15 ELSE -15 END AS credits_passed_y1
        FROM range($4) AS t(i)`;
    for (const [k, s] of LARGE.entries()) await w.run(insert, [k, s.code, s.mean, 300]);
    await w.run(
      `INSERT INTO core.fct_programme_starts BY NAME
       SELECT 99000 + y AS person_id, 'PROGA' AS programme_code, 'HT2022' AS intake, 'BI' AS prior_education,
              'S' AS school_code, y::DOUBLE AS credits_passed_y1 FROM (VALUES (55), (70), (85)) AS t(y)`,
    );
    // A school below the configured minimum (schoolMinN = 3) is not estimated at all.
    await w.run(
      `INSERT INTO core.fct_programme_starts BY NAME
       SELECT 98000 + y AS person_id, 'PROGA' AS programme_code, 'HT2022' AS intake, 'BI' AS prior_education,
              'TINY' AS school_code, y::DOUBLE AS credits_passed_y1 FROM (VALUES (50), (50)) AS t(y)`,
    );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_school_performance"),
    );
    rows = await w.all<Row>(
      `SELECT school_code, students::INTEGER AS students, raw_difference, shrink_factor, estimate, estimate_low,
              estimate_high, significant
         FROM marts.mart_school_performance
        WHERE outcome = 'first_year_credits' AND adjustment = 'none' ORDER BY school_code`,
    );
  });
  afterAll(() => w?.close());

  it("estimates every school with at least schoolMinN students, exactly as the documented estimator", () => {
    // TINY (2 students) is below the minimum; it still counts in its cohort's mean
    expect(rows.map((r) => r.school_code)).toEqual([...LARGE.map((s) => s.code), "S"]);
    const truth = expected();
    for (const r of rows) {
      const e = truth.get(r.school_code)!;
      expect(r.raw_difference).toBeCloseTo(e.raw, 9);
      expect(r.shrink_factor).toBeCloseTo(e.b, 9);
      expect(r.estimate).toBeCloseTo(e.estimate, 9);
      expect(r.estimate_low).toBeCloseTo(e.estimate - 1.959963984540054 * e.se, 9);
      expect(r.estimate_high).toBeCloseTo(e.estimate + 1.959963984540054 * e.se, 9);
    }
  });

  it("pulls the 3-student school's extreme mean toward 0, and leaves the 300-student schools nearly alone", () => {
    const small = rows.find((r) => r.school_code === "S")!;
    expect(small.raw_difference).toBeGreaterThan(19);
    expect(small.estimate).toBeGreaterThan(0);
    expect(small.estimate).toBeLessThan(0.5 * small.raw_difference);
    for (const r of rows.filter((x) => x.students === 300)) {
      expect(r.shrink_factor).toBeGreaterThan(0.95);
      expect(Math.abs(r.estimate - r.raw_difference)).toBeLessThan(0.05 * Math.abs(r.raw_difference) + 1e-9);
    }
  });
});
