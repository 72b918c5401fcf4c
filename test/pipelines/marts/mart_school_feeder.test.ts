import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

describe("marts.mart_school_feeder: inquirers, applicants, enrolled and catalogue orders per school", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await runUpTo(w, ["marts.mart_school_feeder"]);
  });

  it("counts distinct persons per stage by their school, orders sent to the school, up to the reference date", async () => {
    await w.run("DELETE FROM core.dim_person_school");
    await w.run("DELETE FROM core.fct_lifecycle_events");
    await w.run(
      `INSERT INTO core.dim_person_school (person_id, school_code) VALUES (1, 'A'), (2, 'A'), (3, 'B'), (5, 'C')`,
    );
    const events: [number, string, string][] = [
      [1, "inquiry", "2025-10-01"],
      [1, "inquiry", "2025-11-01"], // a second inquiry is the same person
      [1, "application", "2026-04-01"],
      [1, "enrolled", "2026-09-20"],
      [2, "inquiry", "2025-10-05"],
      [2, "application", "2026-04-02"],
      [3, "inquiry", "2025-12-01"],
      [3, "application", "2026-12-01"], // after the reference date (2026-11-23)
      [4, "inquiry", "2025-12-01"], // school unknown
    ];
    for (const [i, [person, stage, on]] of events.entries())
      await w.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE)`,
        [`e${i}`, person, stage, on],
      );
    await w.run(
      `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at, school_code)
       VALUES (1, 1, 'S1', 'C1', 'catalogue_order_school', TIMESTAMP '2025-09-01 10:00:00', 'A'),
              (1, 2, 'S2', 'C1', 'catalogue_order_school', TIMESTAMP '2025-10-01 10:00:00', 'A'),
              (1, 3, 'S3', 'C2', 'catalogue_order_school', TIMESTAMP '2025-10-01 10:00:00', 'D'),
              (1, 4, 'S4', 'C3', 'inquiry', TIMESTAMP '2025-10-01 10:00:00', 'B'),
              -- the school of persons 1 and 2 written in lower case: the same school
              (1, 5, 'S5', 'C2', 'catalogue_order_school', TIMESTAMP '2025-10-02 10:00:00', 'a')`,
    );
    await runModels(
      w,
      undefined,
      discoverModels().filter((m) =>
        ["staging.stg_crm__form_submissions", "marts.mart_school_feeder"].includes(m.name),
      ),
    );
    expect(await w.all("SELECT * FROM marts.mart_school_feeder ORDER BY school_code")).toEqual([
      { school_code: "A", inquirers: 2, applicants: 2, enrolled: 1, catalogue_orders: 3 },
      { school_code: "B", inquirers: 1, applicants: 0, enrolled: 0, catalogue_orders: 0 },
      { school_code: "D", inquirers: 0, applicants: 0, enrolled: 0, catalogue_orders: 1 },
    ]);
  });
});
