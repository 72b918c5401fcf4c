import { pathToFileURL } from "node:url";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified } from "../warehouse/sql.ts";
import { runDataTests } from "./data-tests.ts";
import { publishRelease } from "./disclosure/index.ts";
import { ModelState } from "./model-state.ts";
import { buildOrder, discoverModels, type Model } from "./models.ts";

export interface ModelResult {
  model: string;
  rows: number;
  seconds: number;
  /** Kept from an earlier run: nothing it is built from has changed (incremental runs only). */
  skipped?: boolean;
}

export interface RunOptions {
  /**
   * Record what each model was built from (meta.model_state), for later incremental runs. Only for
   * runs of every model: a partial run's inputs outside its set are not what the models would make.
   */
  track?: boolean;
  /** Keep models whose text, inputs and context are unchanged since they were last built. */
  skipUnchanged?: boolean;
}

export interface RunResult {
  runId: number;
  models: ModelResult[];
  /** Data tests run, all passed (a failure throws DataTestFailure instead). */
  tests: number;
  seconds: number;
}

export interface FailedDataTest {
  model: string;
  test: string;
  failingRows: number;
}

export class DataTestFailure extends Error {
  override name = "DataTestFailure";
  constructor(readonly failures: FailedDataTest[]) {
    super(
      `data tests failed: ${failures
        .map((f) => `${f.model}: ${f.test} (${f.failingRows} row${f.failingRows === 1 ? "" : "s"})`)
        .join("; ")}`,
    );
  }
}

export class ModelRunError extends Error {
  override name = "ModelRunError";
  constructor(
    readonly model: Model,
    cause: unknown,
  ) {
    super(
      `model ${model.name} (${model.file}) failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * Builds every model in dependency order inside one transaction, so readers see either the previous
 * complete state or the new one. The run's outcome is recorded even when it fails.
 */
export async function runModels(
  warehouse: Warehouse,
  onModel?: (result: ModelResult, index: number, total: number) => void,
  models: Model[] = buildOrder(discoverModels()),
  options: RunOptions = {},
): Promise<RunResult> {
  const runId = Number(await warehouse.scalar("SELECT nextval('meta.run_id_seq')"));
  const started = performance.now();
  await warehouse.run(
    "INSERT INTO meta.pipeline_run (run_id, started_at, status) VALUES ($1, now(), 'running')",
    [runId],
  );
  const results: ModelResult[] = [];
  let tests = 0;
  // Models that keep state across runs (identity) stamp their rows with the run that made them.
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_run AS SELECT $1::BIGINT AS run_id", [runId]);
  try {
    await warehouse.transaction(async () => {
      const state = await ModelState.load(warehouse);
      for (const [index, model] of models.entries()) {
        const t0 = performance.now();
        const target = qualified(model.layer, model.table);
        const signature = await state.sign(model);
        if (options.track && options.skipUnchanged && (await state.isCurrent(model, signature))) {
          const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${target}`));
          const result = { model: model.name, rows, seconds: (performance.now() - t0) / 1000, skipped: true };
          results.push(result);
          onModel?.(result, index, models.length);
          continue;
        }
        try {
          if (model.kind === "ts") {
            const module = (await import(pathToFileURL(model.file).href)) as {
              build: (warehouse: Warehouse, target: string) => Promise<void>;
            };
            await module.build(warehouse, target);
          } else {
            await warehouse.run(`CREATE OR REPLACE TABLE ${target} AS ${model.sql}`);
          }
        } catch (error) {
          throw new ModelRunError(model, error);
        }
        if (options.track) await state.record(model, signature, runId);
        const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${target}`));
        const result = { model: model.name, rows, seconds: (performance.now() - t0) / 1000 };
        results.push(result);
        onModel?.(result, index, models.length);
      }
      // Every model's declared tests run before anything is published, so a broken promise rolls the
      // whole run back; all failures are reported together.
      const failures: FailedDataTest[] = [];
      for (const model of models) {
        const checks = await runDataTests(warehouse, model.tests, qualified(model.layer, model.table));
        tests += checks.length;
        for (const check of checks) {
          if (check.failingRows > 0) failures.push({ model: model.name, ...check });
        }
      }
      if (failures.length > 0) throw new DataTestFailure(failures);
      // Declared publish tables pass disclosure control together, as one release, in this transaction.
      const release = await publishRelease(warehouse);
      for (const table of release.tables) {
        const result = { model: table.model, rows: table.rows, seconds: table.seconds };
        results.push(result);
        onModel?.(result, results.length - 1, models.length + release.tables.length);
      }
      for (const result of results) {
        await warehouse.run("INSERT INTO meta.model_run VALUES ($1, $2, $3, $4, $5)", [
          runId,
          result.model,
          result.rows,
          result.seconds,
          "skipped" in result && result.skipped ? "kept" : "ok",
        ]);
      }
    });
  } catch (error) {
    await warehouse.run(
      "UPDATE meta.pipeline_run SET finished_at = now(), status = 'failed', error = $2 WHERE run_id = $1",
      [runId, error instanceof Error ? error.message : String(error)],
    );
    throw error;
  }
  await warehouse.run(
    "UPDATE meta.pipeline_run SET finished_at = now(), status = 'ok', models = $2 WHERE run_id = $1",
    [runId, results.length],
  );
  return { runId, models: results, tests, seconds: (performance.now() - started) / 1000 };
}
