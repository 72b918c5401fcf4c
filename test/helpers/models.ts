import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { buildOrder, discoverModels, downstreamOf } from "../../pipelines/models.ts";
import { type RunOptions, runModels } from "../../pipelines/runner.ts";
import { type ConfigInput, parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { tempProject } from "./project.ts";

/** An in-memory warehouse with every raw table and model function in place, as `slm run` has it. */
export async function modelWarehouse(config: ConfigInput = {}, key = randomBytes(32)): Promise<Warehouse> {
  const warehouse = await Warehouse.open(":memory:");
  await registerModelFunctions(warehouse, { key, config: parseConfig(config), referenceDate: "2026-11-23" });
  await ensureAllRawTables(warehouse);
  return warehouse;
}

/**
 * A model warehouse (as modelWarehouse) for each test of the enclosing describe block (`"test"`), or one
 * for the whole block (`"suite"`), with `setup` run on it first and closed after. The handle returned
 * forwards to the warehouse of the moment, so the block declares it once instead of writing the hooks.
 */
export function modelWarehouseFor(
  scope: "test" | "suite",
  setup?: (warehouse: Warehouse) => Promise<unknown>,
  timeout?: number,
): Warehouse {
  let current: Warehouse | null = null;
  const open = async () => {
    current = await modelWarehouse();
    await setup?.(current);
  };
  const close = () => {
    current?.close();
    current = null;
  };
  if (scope === "test") {
    beforeEach(open, timeout);
    afterEach(close);
  } else {
    beforeAll(open, timeout);
    afterAll(close);
  }
  return new Proxy({} as Warehouse, {
    get(_, key) {
      if (!current)
        throw new Error("no model warehouse outside a test (modelWarehouseFor opens it in a hook)");
      const value = Reflect.get(current, key, current);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/**
 * Runs only what reads the given models and nothing else; the test has put literal rows in their place,
 * so each model is checked on tiny inputs with exact expected output. A model that also needs something
 * outside that set (another source's staging, say) is left out.
 */
export async function runDownstreamOf(warehouse: Warehouse, inputs: string[]) {
  let models = downstreamOf(discoverModels(), inputs).filter((model) => !inputs.includes(model.name));
  for (;;) {
    const available = new Set([...inputs, ...models.map((model) => model.name)]);
    const runnable = models.filter((model) => model.dependsOn.every((dep) => available.has(dep)));
    if (runnable.length === models.length) break;
    models = runnable;
  }
  return runModels(warehouse, undefined, models);
}

/**
 * `slm run` over models given as literal SQL (`{"marts.mart_x": "-- grain: ...\nSELECT ..."}`), each run
 * in a folder of its own and all on one in-memory warehouse, so a test can run twice and see what stayed.
 */
export function literalModelRuns() {
  const projects: ReturnType<typeof tempProject>[] = [];
  let warehouse: Warehouse | undefined;
  return {
    get warehouse(): Warehouse {
      if (!warehouse) throw new Error("no run yet");
      return warehouse;
    },
    async run(models: Record<string, string>, options: RunOptions = {}) {
      const project = tempProject();
      projects.push(project);
      for (const [name, sql] of Object.entries(models)) {
        const [layer, table] = name.split(".") as [string, string];
        mkdirSync(join(project.dir, layer), { recursive: true });
        writeFileSync(join(project.dir, layer, `${table}.sql`), sql);
      }
      warehouse ??= await modelWarehouse();
      return runModels(warehouse, undefined, buildOrder(discoverModels(project.dir)), options);
    },
    close() {
      warehouse?.close();
      warehouse = undefined;
      for (const project of projects.splice(0)) project.remove();
    },
  };
}
