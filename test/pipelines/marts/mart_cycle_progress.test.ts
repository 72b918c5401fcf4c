import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [person: number, stage: string, date: string, intake: string | null];

async function events(w: Warehouse, rows: Event[]) {
  await w.run(`CREATE OR REPLACE TABLE core.fct_lifecycle_events (
    event_id VARCHAR, person_id BIGINT, stage VARCHAR, stage_order INTEGER, event_date DATE, event_at TIMESTAMP,
    programme_code VARCHAR, intake VARCHAR, country VARCHAR, country_code VARCHAR, channel VARCHAR,
    campaign VARCHAR, detail VARCHAR, priority BIGINT, record_id VARCHAR, source_model VARCHAR, source_key VARCHAR)`);
  // no programme seen with an intake: an inquiry's cycle is the default system's (SE)
  await w.run(
    `CREATE OR REPLACE TABLE core.dim_programme_systems (programme_code VARCHAR, system VARCHAR, country VARCHAR,
       inquiry_terms VARCHAR[], cycle_key VARCHAR)`,
  );
  // the census-anchored windows (core.dim_outcome_windows) need no programme's nominal length
  await w.run("CREATE OR REPLACE TABLE core.fct_programme_starts (intake VARCHAR, nominal_years DOUBLE)");
  for (const [i, [person, stage, date, intake]] of rows.entries()) {
    await w.run(
      `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_date, event_at, programme_code, intake)
       VALUES ($1, $2, $3, $4::DATE, $4::TIMESTAMP, 'SYSVK', $5)`,
      [`E${i}`, person, stage, date, intake],
    );
  }
}

/** The mart and the models between it and the literal inputs (the others downstream need more inputs). */
const run = (w: Warehouse) =>
  runModels(
    w,
    undefined,
    discoverModels().filter((m) =>
      [
        "core.dim_inquiry_cycles",
        "core.int_inquiry_intakes",
        "core.dim_outcome_windows",
        "marts.mart_cycle_progress",
      ].includes(m.name),
    ),
  );

describe("marts.mart_cycle_progress (reference date 2026-11-23)", () => {
  const w = modelWarehouseFor("test");

  it("counts persons who reached a stage by each week before the deadline, beside the previous cycle", async () => {
    await events(w, [
      [1, "inquiry", "2025-11-01", null], // the HT2026 cycle: 165 days before 15 April 2026, week 23
      [1, "application", "2026-04-01", "HT2026"], // 14 days before: week 2
      [1, "application", "2026-04-10", "HT2026"], // a second application: the first one counts
      [2, "application", "2026-04-15", "HT2026"], // on the deadline: week 0
      [3, "application", "2025-04-10", "HT2025"], // 5 days before: week 0
      [4, "application", "2025-03-01", "HT2025"], // 45 days before: week 6
      [5, "application", "2026-11-01", "HT2027"], // a cycle still running on the reference date
    ]);
    await run(w);
    const at = (intake: string, stage: string, weeks: number[]) =>
      w.all(
        `SELECT weeks_to_deadline AS w, persons, previous_persons AS prev FROM marts.mart_cycle_progress
          WHERE intake = $1 AND stage = $2 AND list_contains($3::INTEGER[], weeks_to_deadline)
          ORDER BY weeks_to_deadline DESC`,
        [intake, stage, JSON.stringify(weeks)],
      );
    expect(await at("HT2026", "application", [52, 7, 6, 3, 2, 1, 0, -26])).toEqual([
      { w: 52, persons: 0, prev: 0 },
      { w: 7, persons: 0, prev: 0 },
      { w: 6, persons: 0, prev: 1 },
      { w: 3, persons: 0, prev: 1 },
      { w: 2, persons: 1, prev: 1 },
      { w: 1, persons: 1, prev: 1 },
      { w: 0, persons: 2, prev: 2 },
      { w: -26, persons: 2, prev: 2 },
    ]);
    expect(await at("HT2026", "inquiry", [24, 23, 0])).toEqual([
      // HT2025 is an intake too (it has applicants), where nobody inquired: 0, not unknown
      { w: 24, persons: 0, prev: 0 },
      { w: 23, persons: 1, prev: 0 },
      { w: 0, persons: 1, prev: 0 },
    ]);
    // HT2027: 15 April 2027 minus 20 weeks is after 23 November 2026, so not known yet
    expect(await at("HT2027", "application", [24, 23, 21, 20, 0])).toEqual([
      { w: 24, persons: 0, prev: 0 },
      { w: 23, persons: 1, prev: 0 },
      { w: 21, persons: 1, prev: 0 },
      { w: 20, persons: null, prev: 0 },
      { w: 0, persons: null, prev: 2 },
    ]);
  });

  it("knows no one's enrolment before the census: the enrolled stage is NULL until then, not 0", async () => {
    await events(w, [
      [1, "application", "2026-04-01", "HT2026"],
      [1, "enrolled", "2026-09-18", "HT2026"], // on the census (SE HT: 18 September)
      [2, "application", "2025-04-01", "HT2025"],
      [3, "application", "2026-11-01", "HT2027"],
    ]);
    await run(w);
    const rows = await w.all(
      `SELECT intake, weeks_to_deadline AS w, persons, previous_persons AS prev FROM marts.mart_cycle_progress
        WHERE stage = 'enrolled' AND weeks_to_deadline IN (0, -22, -23, -26)
        ORDER BY intake, weeks_to_deadline DESC`,
    );
    // 15 April + 22 weeks is 16 September, before the census; + 23 weeks is 23 September. HT2025: nobody
    // enrolled, but after its census that is a 0; HT2027's census is after the reference date.
    expect(rows).toEqual([
      { intake: "HT2025", w: 0, persons: null, prev: null },
      { intake: "HT2025", w: -22, persons: null, prev: null },
      { intake: "HT2025", w: -23, persons: 0, prev: null },
      { intake: "HT2025", w: -26, persons: 0, prev: null },
      { intake: "HT2026", w: 0, persons: null, prev: null },
      { intake: "HT2026", w: -22, persons: null, prev: null },
      { intake: "HT2026", w: -23, persons: 1, prev: 0 },
      { intake: "HT2026", w: -26, persons: 1, prev: 0 },
      { intake: "HT2027", w: 0, persons: null, prev: null },
      { intake: "HT2027", w: -22, persons: null, prev: null },
      { intake: "HT2027", w: -23, persons: null, prev: 1 },
      { intake: "HT2027", w: -26, persons: null, prev: 1 },
    ]);
  });
});
