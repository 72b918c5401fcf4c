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
      // a rate shown on a published 20 could rest on 18: shown from 23 (rules.ts shownThreshold)
      rateShownFrom: 23,
      meanShownFrom: 8,
      marker: "<10",
    });
  });

  it("states the defaults when the release was made without explicit settings", async () => {
    await exportPublishTables(warehouse, dir, 2);
    expect(manifest().disclosure).toMatchObject({ minCount: 5, roundTo: 5, rateShownFrom: 23, marker: "<5" });
  });

  it("names every lifecycle stage from the metric registry, so no page shows a stage id", async () => {
    await exportPublishTables(warehouse, dir, 3);
    const { stages, groups } = manifest().labels;
    expect(Object.keys(stages)).toEqual([...LIFECYCLE_STAGES]);
    expect(stages.open_day_registered).toBe("Registered for an open day");
    expect(groups.no_inquiry).toBe("No inquiry (applied without one)");
  });
});
