import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../demo/generate.ts";
import { expandInputs, ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { runModels } from "../../pipelines/runner.ts";
import { parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { qualified } from "../../warehouse/sql.ts";
import { tempProject } from "../helpers/project.ts";

/**
 * Two full runs of every model on the same warehouse with the same key must give the same rows in every
 * table of core, marts and publish: a published count that changes between two runs of the same input is
 * a tie broken by whichever thread came first. At the demo's small scale every table fits in one row
 * group, so DuckDB would scan it on one thread and the ties would always fall the same way;
 * verify_parallelism makes it hand out one vector (2,048 rows) per task, and eight threads on any
 * machine interleave them the way 1M persons do.
 */
describe("two runs of the same input", () => {
  const project = tempProject();
  const inbox = join(project.dir, "inbox");
  const key = randomBytes(32);
  let warehouse: Warehouse;

  beforeAll(async () => {
    await generateDemo({ persons: 3000, seed: 11, out: inbox, truthOut: join(project.dir, "truth") });
    warehouse = await Warehouse.open(":memory:", { threads: 8 });
    await ingestFiles(warehouse, expandInputs([inbox]), { profiles: await loadProfiles() });
    await registerModelFunctions(warehouse, { key, config: parseConfig({}), referenceDate: "2026-11-23" });
    await ensureAllRawTables(warehouse);
    await warehouse.run("PRAGMA verify_parallelism");
    await runModels(warehouse);
  }, 240_000);
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  async function modelTables(): Promise<string[]> {
    const rows = await warehouse.all<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('core', 'marts', 'publish') AND table_type = 'BASE TABLE'
          AND table_catalog = current_database()
        ORDER BY name`,
    );
    return rows.map((row) => row.name);
  }

  it("gives every table in core, marts and publish the same rows", async () => {
    const tables = await modelTables();
    expect(tables.length).toBeGreaterThan(50);
    await warehouse.run("CREATE SCHEMA IF NOT EXISTS before_run");
    const differing = new Map<string, number>();
    // Ties fall one way or the other at random, so one rerun can miss a tie; two seldom do.
    for (let round = 0; round < 2; round++) {
      for (const name of tables) {
        const [schema, table] = name.split(".") as [string, string];
        await warehouse.run(
          `CREATE OR REPLACE TABLE ${qualified("before_run", `${schema}__${table}`)} AS SELECT * FROM ${qualified(schema, table)}`,
        );
      }
      await runModels(warehouse);
      for (const name of tables) {
        const [schema, table] = name.split(".") as [string, string];
        const now = qualified(schema, table);
        const before = qualified("before_run", `${schema}__${table}`);
        const changed = Number(
          await warehouse.scalar(
            `SELECT (SELECT count(*) FROM (SELECT * FROM ${before} EXCEPT ALL SELECT * FROM ${now}))
                  + (SELECT count(*) FROM (SELECT * FROM ${now} EXCEPT ALL SELECT * FROM ${before}))`,
          ),
        );
        if (changed > 0) differing.set(name, Math.max(changed, differing.get(name) ?? 0));
      }
    }
    expect(Object.fromEntries(differing)).toEqual({});
  }, 240_000);
});
