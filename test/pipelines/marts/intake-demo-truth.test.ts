import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wilson } from "../../../pipelines/metrics/wilson.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { ingestedDemo } from "../../helpers/truth.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

/** Per intake, the planted truth: inquirers, and of them those who registered for an open day and who applied. */
interface Planted {
  inquirers: number;
  registered: number;
  applied: number;
}

function plantedByIntake(truthDir: string): Map<string, Planted> {
  const [header, ...lines] = readFileSync(join(truthDir, "persons.csv"), "utf8").trim().split("\n");
  const columns = header!.split(",");
  const at = (name: string) => columns.indexOf(name);
  const by = new Map<string, Planted>();
  for (const line of lines) {
    const cells = line.split(",");
    const intake = cells[at("intake")]!;
    if (!intake || cells[at("inquired")] !== "1") continue;
    const p = by.get(intake) ?? { inquirers: 0, registered: 0, applied: 0 };
    p.inquirers++;
    if (cells[at("open_day_registered")] === "1") p.registered++;
    if (cells[at("applied")] === "1") p.applied++;
    by.set(intake, p);
  }
  return by;
}

// Inquirers who never register or apply name no intake: the cycle rule places them. Spring and autumn intakes alike
// must come back at the planted rates, or the rule is putting one intake's inquirers into another's cohort.
describe("inquiry cohorts on the demo institution, spring and autumn intakes, against the planted truth", () => {
  const project = tempProject();
  const truth = join(project.dir, "truth");
  let w: Warehouse;
  let planted: Map<string, Planted>;

  beforeAll(async () => {
    w = await ingestedDemo(project.dir, { persons: 8000, seed: 3, country: "se" }, "2026-10-01");
    planted = plantedByIntake(truth);
    await runUpTo(w, ["marts.mart_funnel_by_cohort", "marts.mart_application_rate_by_intake"]);
  }, 240_000);
  afterAll(() => {
    w?.close();
    project.remove();
  });

  /** The intakes with at least 100 planted inquirers, which the test needs two of in each season. */
  function intakes(): string[] {
    const big = [...planted].filter(([, p]) => p.inquirers >= 100).map(([intake]) => intake);
    expect(big.filter((i) => i.startsWith("VT")).length).toBeGreaterThanOrEqual(2);
    expect(big.filter((i) => i.startsWith("HT")).length).toBeGreaterThanOrEqual(2);
    return big.sort();
  }

  function outside(rows: { intake: string; num: number; den: number }[], truthOf: (p: Planted) => number) {
    const misses: string[] = [];
    for (const intake of intakes()) {
      const p = planted.get(intake)!;
      const row = rows.find((r) => r.intake === intake);
      const rate = truthOf(p) / p.inquirers;
      const ci = row ? wilson(row.num, row.den) : null;
      if (!row || !ci || rate < ci.low || rate > ci.high)
        misses.push(
          `${intake}: measured ${row?.num}/${row?.den}, planted ${truthOf(p)}/${p.inquirers} = ${rate.toFixed(3)}`,
        );
    }
    return misses;
  }

  it("inquiry -> open-day registration per intake is within its Wilson interval of the planted rate", async () => {
    const rows = await w.all<{ intake: string; num: number; den: number }>(
      `SELECT intake, sum(next_step_conversion_num)::INTEGER AS num, sum(next_step_conversion_den)::INTEGER AS den
         FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all' AND ordering = 'any' AND stage = 'open_day_registered'
        GROUP BY intake`,
    );
    expect(outside(rows, (p) => p.registered)).toEqual([]);
  });

  it("application rate per intake is within its Wilson interval of the planted rate", async () => {
    const rows = await w.all<{ intake: string; num: number; den: number }>(
      `SELECT intake, application_rate_num::INTEGER AS num, application_rate_den::INTEGER AS den
         FROM marts.mart_application_rate_by_intake WHERE programme_code = 'all'`,
    );
    expect(outside(rows, (p) => p.applied)).toEqual([]);
  });
});
