import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  definePublishTable,
  discoverPublishSpecs,
  publishRelease,
  sourceTables,
} from "../../../pipelines/disclosure/index.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { ConfigInput } from "../../../warehouse/config.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

async function inquiries(warehouse: Warehouse, perChannel: Record<string, number>) {
  let i = 0;
  for (const [channel, persons] of Object.entries(perChannel)) {
    for (let p = 0; p < persons; p++) {
      i++;
      await warehouse.run(
        `INSERT INTO raw.crm__form_submissions (_file_id, _row, submission_id, contact_id, form_type, submitted_at, channel)
         VALUES (1, $1, $2, $3, 'inquiry', TIMESTAMP '2026-03-01 10:00:00', $4)`,
        [i, `S${i}`, `C${i}`, channel],
      );
    }
  }
}

describe("the publish release", () => {
  let warehouse: Warehouse;
  const open = async (config: ConfigInput = {}) => {
    warehouse = await modelWarehouse(config);
  };
  afterEach(() => warehouse?.close());

  describe("declared publish models", () => {
    beforeEach(() => open());

    it("are discovered from pipelines/publish/*.ts, one table per file named after it", async () => {
      const specs = await discoverPublishSpecs();
      expect(specs.map((spec) => spec.name)).toContain("pub_inquiries_by_month_channel");
      const inquiries = specs.find((spec) => spec.name === "pub_inquiries_by_month_channel")!;
      expect(sourceTables(inquiries)).toEqual([["marts", "mart_inquiries_by_month_channel"]]);
    });

    it("pub_inquiries_by_month_channel: the declared table equals the flat SQL model it replaces", async () => {
      await inquiries(warehouse, { fair: 13, agent: 4, search: 5, web_form: 2 });
      await runModels(warehouse);
      const fromSql = await warehouse.all("SELECT * FROM publish.pub_inquiries_by_month_channel");
      expect(fromSql).toEqual([
        { month: "2026-03", channel: "agent", inquirers: null, inquirers_suppressed: true },
        { month: "2026-03", channel: "fair", inquirers: 15, inquirers_suppressed: false },
        { month: "2026-03", channel: "search", inquirers: 5, inquirers_suppressed: false },
        { month: "2026-03", channel: "web_form", inquirers: null, inquirers_suppressed: true },
      ]);
      const result = await publishRelease(warehouse);
      expect(result.tables.map((t) => t.model)).toContain("publish.pub_inquiries_by_month_channel");
      expect(result.tables.find((t) => t.model === "publish.pub_inquiries_by_month_channel")).toMatchObject({
        rows: 4,
        primary: 2,
        secondary: 0,
      });
      expect(await warehouse.all("SELECT * FROM publish.pub_inquiries_by_month_channel")).toEqual(fromSql);
      const types = await warehouse.all(
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'publish' AND table_name = 'pub_inquiries_by_month_channel' ORDER BY ordinal_position`,
      );
      expect(types).toEqual([
        { column_name: "month", data_type: "VARCHAR" },
        { column_name: "channel", data_type: "VARCHAR" },
        { column_name: "inquirers", data_type: "BIGINT" },
        { column_name: "inquirers_suppressed", data_type: "BOOLEAN" },
      ]);
    });

    it("runs inside the runner's transaction, and rolls back with it", async () => {
      await inquiries(warehouse, { fair: 13 });
      await runModels(warehouse);
      await warehouse.run("DROP TABLE publish.pub_inquiries_by_month_channel");
      await expect(
        warehouse.transaction(async () => {
          await publishRelease(warehouse);
          expect(await warehouse.tableExists("publish", "pub_inquiries_by_month_channel")).toBe(true);
          throw new Error("a later step failed");
        }),
      ).rejects.toThrow("a later step failed");
      expect(await warehouse.tableExists("publish", "pub_inquiries_by_month_channel")).toBe(false);
    });

    it("skips a table whose source is missing (a partial run) and drops what it published before", async () => {
      await warehouse.run("CREATE TABLE publish.pub_gone AS SELECT 1 AS stale");
      const gone = definePublishTable({
        name: "pub_gone",
        grain: "x",
        source: "SELECT 'a' AS k, 10 AS persons FROM marts.mart_not_built",
        dimensions: ["k"],
        measures: [{ kind: "count", column: "persons" }],
      });
      const result = await publishRelease(warehouse, { specs: [gone] });
      expect(result).toEqual({ tables: [], kept: [], skipped: ["pub_gone"], auditAdded: 0 });
      expect(await warehouse.tableExists("publish", "pub_gone")).toBe(false);
    });
  });

  it("takes its thresholds from the run's configuration", async () => {
    await open({ privacy: { minCount: 10, roundTo: 10 } });
    await inquiries(warehouse, { fair: 13, search: 9 });
    await runModels(warehouse);
    await publishRelease(warehouse);
    expect(
      await warehouse.all("SELECT channel, inquirers FROM publish.pub_inquiries_by_month_channel"),
    ).toEqual([
      { channel: "fair", inquirers: 10 },
      { channel: "search", inquirers: null },
    ]);
  });
});
