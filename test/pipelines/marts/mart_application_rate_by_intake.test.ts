import { describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [person: number, stage: string, on: string, intake: string | null, programme: string];

describe("marts.mart_application_rate_by_intake", () => {
  const warehouse = modelWarehouseFor("test", async (warehouse) => {
    await runModels(warehouse);
  });

  it("divides the intake's inquirers who applied for it by its inquirers, each person in one cohort", async () => {
    const events: Event[] = [
      [1, "inquiry", "2025-11-01", null, "PROGA"],
      [1, "inquiry", "2026-01-01", null, "PROGB"],
      [1, "application", "2026-04-01", "HT2026", "PROGB"], // the cohort of the application: HT2026, PROGB
      [2, "inquiry", "2026-02-01", null, "PROGA"], // no application: the inquiry's cycle, HT2026
      [3, "inquiry", "2026-03-01", null, "PROGB"],
      [3, "application", "2026-04-01", "VT2027", "PROGB"], // applied for VT2027: an inquirer of VT2027, not of HT2026
      [4, "application", "2026-04-01", "HT2026", "PROGA"], // applied without inquiring: not in the denominator
      [5, "inquiry", "2026-04-16", null, "PROGA"], // after the HT deadline: VT2027's cycle
      [6, "inquiry", "2026-12-01", null, "PROGA"], // after the reference date: ignored
      [7, "inquiry", "2025-04-01", null, "PROGA"], // HT2025's cycle ...
      [7, "inquiry", "2025-04-20", null, "PROGA"], // ... and again in VT2026's: one inquirer, of HT2025 only
    ];
    for (const [i, [person, stage, on, intake, programme]] of events.entries()) {
      await warehouse.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, intake, programme_code)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, $5, $6)`,
        [`e${i}`, person, stage, on, intake, programme],
      );
    }
    // the funnel's cohorts are the denominator's persons
    const read = [
      "core.int_inquiry_intakes",
      "marts.mart_funnel_stages",
      "marts.mart_funnel_by_cohort",
      "marts.mart_application_rate_by_intake",
    ];
    await runModels(warehouse, undefined, buildOrder(discoverModels().filter((m) => read.includes(m.name))));
    expect(
      await warehouse.all(
        "SELECT intake, programme_code, application_rate_num AS num, application_rate_den AS den FROM marts.mart_application_rate_by_intake",
      ),
    ).toEqual([
      { intake: "HT2025", programme_code: "PROGA", num: 0, den: 1 },
      { intake: "HT2025", programme_code: "all", num: 0, den: 1 },
      { intake: "HT2026", programme_code: "PROGA", num: 0, den: 1 },
      { intake: "HT2026", programme_code: "PROGB", num: 1, den: 1 },
      { intake: "HT2026", programme_code: "all", num: 1, den: 2 },
      { intake: "VT2027", programme_code: "PROGA", num: 0, den: 1 },
      { intake: "VT2027", programme_code: "PROGB", num: 1, den: 1 },
      { intake: "VT2027", programme_code: "all", num: 1, den: 2 },
    ]);
  });
});
