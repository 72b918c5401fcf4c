import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverPublishSpecs } from "../../../pipelines/disclosure/release.ts";
import { exportPublishTables } from "../../../pipelines/export.ts";
import { describeColumn, publishedColumnDefinitions, rowClause } from "../../../pipelines/metrics/columns.ts";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { tempProject } from "../../helpers/project.ts";

describe("every published column has a line", () => {
  const project = tempProject("slm-columns-");
  let warehouse: Warehouse;

  beforeAll(async () => {
    // a full run over empty extracts: every model and publish table is built, so the published schema is the
    // real one (its columns do not depend on the rows)
    warehouse = await modelWarehouse();
    await runModels(warehouse);
  }, 120_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  it("describes each column of each table the release writes", async () => {
    const tables = await publishedColumnDefinitions(warehouse);
    const declared = [
      ...discoverModels()
        .filter((model) => model.layer === "publish")
        .map((model) => model.table),
      ...(await discoverPublishSpecs()).map((spec) => spec.name),
    ].sort();
    // nothing was skipped: the schema checked is every declared table's
    expect(tables.map((t) => t.table).sort()).toEqual(declared);
    const missing = tables.flatMap(({ table, columns }) =>
      columns.filter((c) => c.description === null).map((c) => `${table}.${c.column}`),
    );
    expect(missing).toEqual([]);
    for (const table of tables) expect(table.grain, table.table).not.toBe("");
  });

  it("exports them with the release as column_definitions.json", async () => {
    const dir = join(project.dir, "publish");
    await exportPublishTables(warehouse, dir, 1);
    const exported = JSON.parse(readFileSync(join(dir, "column_definitions.json"), "utf8"));
    expect(exported).toEqual(await publishedColumnDefinitions(warehouse));
    const funnel = exported.find((t: { table: string }) => t.table === "pub_funnel_by_intake");
    expect(funnel.columns).toContainEqual({
      column: "cumulative_conversion_low",
      description: "Lower end of cumulative_conversion's 95% Wilson interval, from the published counts.",
    });
  });
});

describe("describeColumn", () => {
  it("has no line for a column the registry does not know, nor for the flags of one", () => {
    expect(describeColumn("pub_new", "new_count", ["new_count", "new_count_suppressed"])).toBeUndefined();
    expect(
      describeColumn("pub_new", "new_count_suppressed", ["new_count", "new_count_suppressed"]),
    ).toBeUndefined();
  });

  it("describes a flag only beside the column it flags", () => {
    expect(
      describeColumn("pub_attribution", "persons_suppressed", ["persons", "persons_suppressed"]),
    ).toMatch(/persons is withheld/);
    expect(describeColumn("pub_attribution", "persons_suppressed", ["persons_suppressed"])).toBeUndefined();
  });

  it("lets a table's own line win over the shared one", () => {
    expect(describeColumn("pub_cycle_progress", "persons", ["persons"])).toMatch(/by that day/);
    expect(describeColumn("pub_contact_collisions_by_month", "month", ["month"])).toMatch(/later/);
    expect(describeColumn("pub_inquiries_by_month_channel", "month", ["month"])).toBe(
      "Calendar month (YYYY-MM).",
    );
  });
});

describe("rowClause", () => {
  it("keeps what one row is, up to the first colon or full stop outside parentheses", () => {
    expect(rowClause("one row per programme of the catalogue: the names pages show. A")).toBe(
      "one row per programme of the catalogue",
    );
    expect(rowClause("one row per reason (erased rows: one row), with totals; rows after control")).toBe(
      "one row per reason (erased rows: one row), with totals; rows after control",
    );
    expect(rowClause("one row per source system x entity. Rows of files")).toBe(
      "one row per source system x entity",
    );
  });
});
