import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerSettingsTable, settingsTables } from "../../pipelines/settings.ts";
import { parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { modelWarehouseFor } from "../helpers/models.ts";
import { REPO_ROOT } from "../helpers/project.ts";

/** Tables a run or a step makes for itself, not settings from the configuration. */
const RUN_TABLES = new Set([
  "slm_run",
  "slm_context",
  "slm_disclosure_decisions",
  "slm_disclosure_cells_",
  "slm_erased_lines",
  "slm_cluster_roots",
  "slm_increment_input",
  "slm_increment_rows",
  "slm_increment_before",
  "slm_increment_after",
  "slm_truth",
]);

/** Every `slm_*` table named in pipelines/ (models, and the macros they call). */
function tablesModelsRead(): Set<string> {
  const folder = join(REPO_ROOT, "pipelines");
  const read = new Set<string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(sql|ts)$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const [name] of text.matchAll(/\bslm_[a-z_]+/g)) if (!RUN_TABLES.has(name)) read.add(name);
  }
  return read;
}

describe("settings models read", () => {
  const config = parseConfig({});
  const registry = settingsTables({ config, referenceDate: "2026-11-23" });
  const warehouse = modelWarehouseFor("suite");

  it("come from one registry: every settings table a model reads is in it, and nothing else is", () => {
    const names = registry.map((table) => table.name).sort();
    expect([...tablesModelsRead()].sort()).toEqual(names);
  });

  it("are registered for a run with the columns and types the registry declares", async () => {
    for (const table of registry) {
      const columns = await warehouse.all<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1 AND database_name = 'temp' ORDER BY column_index",
        [table.name],
      );
      expect(
        columns.map((c) => [c.column_name, c.data_type]),
        table.name,
      ).toEqual(Object.entries(table.columns));
      expect(Number(await warehouse.scalar(`SELECT count(*) FROM ${table.name}`)), table.name).toBe(
        table.rows.length,
      );
    }
  });

  it("bind their values exactly: dates, lists, fractions, NULLs and quotes", async () => {
    const scratch = await Warehouse.open(":memory:", { migrate: false });
    try {
      await registerSettingsTable(scratch, {
        name: "slm_example",
        columns: { day: "DATE", names: "VARCHAR[]", weight: "DOUBLE", n: "INTEGER", note: "VARCHAR" },
        rows: [{ day: "2026-04-15", names: ["a", "b'c"], weight: 0.1, n: 7, note: null }],
      });
      expect(
        await scratch.one(
          "SELECT day::VARCHAR AS day, len(names) AS names, names[2] AS second, weight = 0.1 AS exact, n, note FROM slm_example",
        ),
      ).toEqual({ day: "2026-04-15", names: 2, second: "b'c", exact: true, n: 7, note: null });
    } finally {
      scratch.close();
    }
  });
});
