import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../../demo/generate.ts";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { tempProject } from "../../helpers/project.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

// At the default 20,000 persons the demo has about 20 schools with n >= 30 and only 2 of them with a planted
// effect; 100,000 persons gives about 90 (11 with an effect) and the test still takes about 30 s.
const PERSONS = 100_000;

/** Spearman's rank correlation with average ranks for ties. */
function spearman(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const r = new Array<number>(v.length);
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
      for (let k = start; k <= end; k++) r[order[k]!.i] = (start + end) / 2 + 1;
      start = end + 1;
    }
    return r;
  };
  const [rx, ry] = [ranks(x), ranks(y)];
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const [mx, my] = [mean(rx), mean(ry)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

interface School {
  code: string;
  effect: number;
  gradeShift: number;
}

describe("school-of-origin performance on the demo institution's planted school effects", () => {
  const project = tempProject();
  let w: Warehouse;
  let planted: Map<string, School>;

  beforeAll(async () => {
    const inbox = join(project.dir, "inbox");
    const truth = join(project.dir, "truth");
    await generateDemo({ persons: PERSONS, seed: 5, out: inbox, truthOut: truth });
    const summary = JSON.parse(readFileSync(join(truth, "summary.json"), "utf8")) as { schools: School[] };
    planted = new Map(summary.schools.map((s) => [s.code, s]));
    w = await modelWarehouse();
    await runUpTo(w, ["marts.mart_school_performance"]);
    await w.run("DELETE FROM core.fct_programme_starts");
    await w.run(
      `INSERT INTO core.fct_programme_starts BY NAME
       SELECT row_number() OVER () AS person_id, programme AS programme_code, intake, 'se' AS country,
              'BI' AS prior_education, 'national' AS application_route,
              CASE WHEN entry_grade <> '' THEN replace(entry_grade, ',', '.')::DOUBLE END AS entry_grade,
              nullif(school_code, '') AS school_code,
              nullif(first_year_credits_passed, '')::DOUBLE AS credits_passed_y1
         FROM read_csv($1, all_varchar = true)
        WHERE enrolled = '1' AND country = 'se' AND international = '0'`,
      [join(truth, "persons.csv")],
    );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_school_performance"),
    );
  }, 120_000);
  afterAll(() => {
    w?.close();
    project.remove();
  });

  const estimates = (adjustment: string) =>
    w.all<{ school_code: string; students: number; estimate: number; significant: boolean }>(
      `SELECT school_code, students::INTEGER AS students, estimate, significant
         FROM marts.mart_school_performance WHERE outcome = 'first_year_credits' AND adjustment = $1`,
      [adjustment],
    );

  // The planted effect takes three values (-0.5, 0, +0.5) and about 80% of schools have exactly 0, so even a
  // perfect estimator reaches a Spearman correlation of only about sqrt(1 - sum p^3) ~ 0.6-0.7 against it (the
  // ties cannot be ordered). The bar is therefore 0.8 of that ceiling: the correlation a perfect ordering of
  // these very schools would get.
  it("recovers the planted effects: rank correlation >= 0.8 of the attainable, schools with n >= 30", async () => {
    const big = (await estimates("entry_grade")).filter((r) => r.students >= 30);
    const effect = big.map((r) => planted.get(r.school_code)!.effect);
    expect(big.length).toBeGreaterThanOrEqual(50);
    expect(effect.filter((e) => e !== 0).length).toBeGreaterThanOrEqual(5);
    const rho = spearman(
      effect,
      big.map((r) => r.estimate),
    );
    const ceiling = spearman(
      effect,
      effect.map((e, i) => e + i * 1e-9),
    );
    console.info(`schools n>=30: ${big.length}, Spearman ${rho.toFixed(3)}, ceiling ${ceiling.toFixed(3)}`);
    expect(rho).toBeGreaterThanOrEqual(0.8 * ceiling);
  });

  // Each null school is a test at 5%; the count of false flags among m of them is at most Binomial(m, 0.05) if the
  // intervals hold, and 0.05 m + 3 sd is that distribution's 99.9% bound (the slack for one demo's sampling).
  it.each(["none", "entry_grade"])(
    "flags schools without a planted effect at no more than the nominal 5% (adjustment %s)",
    async (adjustment) => {
      const nulls = (await estimates(adjustment)).filter((r) => planted.get(r.school_code)!.effect === 0);
      const flagged = nulls.filter((r) => r.significant).length;
      const m = nulls.length;
      console.info(`${adjustment}: ${flagged} of ${m} null schools flagged`);
      expect(m).toBeGreaterThan(100);
      expect(flagged).toBeLessThanOrEqual(0.05 * m + 3 * Math.sqrt(m * 0.05 * 0.95));
    },
  );

  it("adjusting for entry grade stops crediting selective schools (better grades, no planted effect)", async () => {
    const selective = async (adjustment: string) => {
      const rows = (await estimates(adjustment)).filter((r) => {
        const s = planted.get(r.school_code)!;
        return s.effect === 0 && s.gradeShift > 0;
      });
      return rows.reduce((a, r) => a + r.estimate, 0) / rows.length;
    };
    const [none, adjusted] = [await selective("none"), await selective("entry_grade")];
    console.info(
      `selective schools, mean estimate: unadjusted ${none.toFixed(2)}, adjusted ${adjusted.toFixed(2)}`,
    );
    expect(Math.abs(adjusted)).toBeLessThan(Math.abs(none));
  });
});
