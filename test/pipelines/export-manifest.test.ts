import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPublishTables } from "../../pipelines/export.ts";
import { LIFECYCLE_STAGES } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { tempProject } from "../helpers/project.ts";

describe("the published manifest", () => {
  const project = tempProject("slm-manifest-");
  const dir = join(project.dir, "data", "publish");
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
    await warehouse.run("CREATE TABLE publish.pub_a AS SELECT 1 AS v");
  });
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });
  const manifest = () => JSON.parse(readFileSync(join(dir, "_manifest.json"), "utf8"));

  it("carries the disclosure settings the release was made with, so the site states those", async () => {
    const privacy = {
      minCount: 10,
      roundTo: 5,
      minRateDenominator: 20,
      minMeanPersons: 8,
      minSchoolCell: 10,
    };
    await exportPublishTables(warehouse, dir, 1, { locale: "sv-SE", privacy });
    expect(manifest().disclosure).toEqual({
      minCount: 10,
      roundTo: 5,
      minRateDenominator: 20,
      minMeanPersons: 8,
      minSchoolCell: 10,
      // a published 20 allows 16..24 (controlled rounding: a multiple of 5 next to the count), so a rate needing
      // 20 is shown on a published 25 (21..29) or more; a mean needing 8 on any published count, 10 or more
      rateShownFrom: 25,
      meanShownFrom: 10,
      marker: "<10",
    });
  });

  it("states the defaults when the release was made without explicit settings", async () => {
    await exportPublishTables(warehouse, dir, 2);
    expect(manifest().disclosure).toMatchObject({ minCount: 5, roundTo: 5, rateShownFrom: 30, marker: "<5" });
  });

  it("names every lifecycle stage from the metric registry, so no page shows a stage id", async () => {
    await exportPublishTables(warehouse, dir, 3);
    const { stages, groups } = manifest().labels;
    expect(Object.keys(stages)).toEqual([...LIFECYCLE_STAGES]);
    expect(stages.open_day_registered).toBe("Registered for an open day");
    expect(groups.no_inquiry).toBe("No inquiry (applied without one)");
  });

  it("carries the calendar's dates of the intakes its tables name, and only those", async () => {
    await warehouse.run(
      "CREATE OR REPLACE TABLE publish.pub_b AS SELECT * FROM (VALUES ('VT2026'), ('HT2025')) t(intake)",
    );
    const intakes = [
      {
        intake: "HT2025",
        start_on: "2025-09-01",
        deadline: "2025-04-15",
        previous_intake: "HT2024",
        system: "nya",
      },
      {
        intake: "VT2026",
        start_on: "2026-01-19",
        deadline: "2025-10-15",
        previous_intake: "VT2025",
        system: "nya",
      },
      {
        intake: "HT2026",
        start_on: "2026-08-31",
        deadline: "2026-04-15",
        previous_intake: "HT2025",
        system: "nya",
      },
    ];
    await exportPublishTables(warehouse, dir, 4, { intakes });
    expect(manifest().intakes).toEqual([
      { intake: "HT2025", start_on: "2025-09-01", deadline: "2025-04-15", previous_intake: "HT2024" },
      { intake: "VT2026", start_on: "2026-01-19", deadline: "2025-10-15", previous_intake: "VT2025" },
    ]);
  });
});
