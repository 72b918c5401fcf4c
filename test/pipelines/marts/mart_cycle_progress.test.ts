import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse, runDownstreamOf } from "../../helpers/models.ts";

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
  for (const [i, [person, stage, date, intake]] of rows.entries()) {
    await w.run(
      `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_date, event_at, programme_code, intake)
       VALUES ($1, $2, $3, $4::DATE, $4::TIMESTAMP, 'SYSVK', $5)`,
      [`E${i}`, person, stage, date, intake],
    );
  }
}

describe("marts.mart_cycle_progress (reference date 2026-11-23)", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await modelWarehouse();
  });
  afterEach(() => w.close());

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
    await runDownstreamOf(w, ["core.fct_lifecycle_events", "core.dim_programme_systems"]);
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
});
