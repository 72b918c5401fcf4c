import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

type Event = [person: number, stage: string, on: string, intake: string | null, programme: string];

describe("marts.mart_application_rate_by_intake", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await runModels(warehouse);
  });
  afterEach(() => warehouse.close());

  it("divides the cycle's inquirers who applied for the intake by the cycle's inquirers", async () => {
    const events: Event[] = [
      [1, "inquiry", "2025-11-01", null, "PROGA"],
      [1, "inquiry", "2026-01-01", null, "PROGB"], // same cycle: counted once, under the first inquiry's programme
      [1, "application", "2026-04-01", "HT2026", "PROGB"],
      [2, "inquiry", "2026-02-01", null, "PROGA"],
      [3, "inquiry", "2026-03-01", null, "PROGB"],
      [3, "application", "2026-04-01", "VT2027", "PROGB"], // applied for another intake: not an applicant of HT2026
      [4, "application", "2026-04-01", "HT2026", "PROGA"], // applied without inquiring: not in the denominator
      [5, "inquiry", "2026-04-16", null, "PROGA"], // after the HT deadline: VT2027's cycle
      [6, "inquiry", "2026-12-01", null, "PROGA"], // after the reference date: ignored
    ];
    for (const [i, [person, stage, on, intake, programme]] of events.entries()) {
      await warehouse.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, intake, programme_code)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, $5, $6)`,
        [`e${i}`, person, stage, on, intake, programme],
      );
    }
    await runModels(
      warehouse,
      undefined,
      discoverModels().filter((m) => m.name === "marts.mart_application_rate_by_intake"),
    );
    expect(
      await warehouse.all(
        "SELECT intake, programme_code, application_rate_num AS num, application_rate_den AS den FROM marts.mart_application_rate_by_intake",
      ),
    ).toEqual([
      { intake: "HT2026", programme_code: "PROGA", num: 1, den: 2 },
      { intake: "HT2026", programme_code: "PROGB", num: 0, den: 1 },
      { intake: "HT2026", programme_code: "all", num: 1, den: 3 },
      { intake: "VT2027", programme_code: "PROGA", num: 0, den: 1 },
      { intake: "VT2027", programme_code: "all", num: 0, den: 1 },
    ]);
  });
});
