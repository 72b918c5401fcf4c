import { pathToFileURL } from "node:url";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteIdent, quoteLiteral } from "../warehouse/sql.ts";
import { checkIntakes } from "./calendar/check-intakes.ts";
import { runDataTests } from "./data-tests.ts";
import {
  disclosureEngineFingerprint,
  discoverPublishSpecs,
  publishRelease,
  sourceTables,
} from "./disclosure/index.ts";
import { applyIncrement, buildIncrement, INCREMENT_SUFFIXES, type Increment } from "./incremental.ts";
import { ModelState, type Signed } from "./model-state.ts";
import { buildOrder, discoverModels, MODEL_LAYERS, type Model, REFERENCE } from "./models.ts";

/**
 * A TypeScript model's entry point: build `target` from the tables `source` names (a model name such as
 * "identity.int_person_records" in, the table holding this run's version of it out).
 */
export type TsModelBuild = (
  warehouse: Warehouse,
  target: string,
  source: (name: string) => string,
) => Promise<void>;

export interface ModelResult {
  model: string;
  rows: number;
  seconds: number;
  /** Kept from an earlier run: nothing it is built from has changed (incremental runs only). */
  skipped?: boolean;
  /** Rebuilt for the keys whose input rows changed only (a model declaring `-- incremental:`). */
  incremental?: boolean;
}

export interface RunOptions {
  /**
   * Record what each model was built from (meta.model_state), for later incremental runs. Only for
   * runs of every model: a partial run's inputs outside its set are not what the models would make.
   */
  track?: boolean;
  /**
   * Keep models whose text, inputs and context are unchanged since they were last built, and rebuild
   * an incremental model for its changed keys only when nothing but its incremental input changed.
   */
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

/** Suffix of the table a model is built into before the run swaps it in. */
export const NEXT_SUFFIX = "__slm_next";

/**
 * `sql` with its reads of models rebuilt in this run pointed at their new tables (`<table>__slm_next`);
 * a model's reads of itself (identity keeps state across runs) and of kept models stay as they are.
 */
export function retarget(sql: string, self: string, rebuilt: Set<string>): string {
  return sql.replace(REFERENCE, (ref, layer: string, table: string) => {
    const name = `${layer.toLowerCase()}.${table.toLowerCase()}`;
    return name !== self && rebuilt.has(name) ? `${ref}${NEXT_SUFFIX}` : ref;
  });
}

/** Whether SQL text (a data test's) reads any of the named models. */
function readsAnyOf(text: string, models: Set<string>): boolean {
  return [...text.matchAll(REFERENCE)].some((ref) => models.has(`${ref[1]}.${ref[2]}`.toLowerCase()));
}

/** The table holding this run's version of a model (`layer.table`), or null when there is none yet. */
async function existingTable(
  warehouse: Warehouse,
  name: string,
  rebuilt: Set<string>,
): Promise<string | null> {
  const [layer, table] = name.split(".") as [string, string];
  const current = rebuilt.has(name) ? `${table}${NEXT_SUFFIX}` : table;
  const found = await warehouse.scalar(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
    [layer, current],
  );
  return Number(found) > 0 ? qualified(layer, current) : null;
}

/** The table a model is built into before the run swaps it in. */
function nextTable(model: Model): string {
  return qualified(model.layer, `${model.table}${NEXT_SUFFIX}`);
}

/**
 * Drops the new tables (and an incremental build's view, keys and delta) of a run that did not finish:
 * failed, or killed, when the next run clears them.
 */
async function dropNextTables(warehouse: Warehouse): Promise<void> {
  const suffixed = [NEXT_SUFFIX, ...INCREMENT_SUFFIXES]
    .map((suffix) => `ends_with(table_name, ${quoteLiteral(suffix)})`)
    .join(" OR ");
  const tables = await warehouse.all<{ schema: string; name: string; view: boolean }>(
    `SELECT table_schema AS schema, table_name AS name, table_type = 'VIEW' AS view
       FROM information_schema.tables
      WHERE table_schema IN (${MODEL_LAYERS.map(quoteLiteral).join(", ")}) AND (${suffixed})
      ORDER BY view DESC`,
  );
  for (const { schema, name, view } of tables)
    await warehouse.run(`DROP ${view ? "VIEW" : "TABLE"} IF EXISTS ${qualified(schema, name)}`);
}

/**
 * Builds every model in dependency order, each into a new table of its own (`<table>__slm_next`,
 * committed as it goes), then swaps them all in, runs the data tests and publishes in one short
 * transaction: readers see either the previous complete state or the new one, and a failure anywhere
 * leaves the previous one. Building outside that transaction is what makes it fast: DuckDB reads and
 * writes a transaction's own uncommitted tables slower, and at 1M persons one transaction around
 * every model cost a third more time (pipelines 290 s against 216 s, identity 91 s against 61 s).
 * The run's outcome is recorded even when it fails.
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
  // Model tables are written without FSST, DuckDB's costliest string compression: a full run at 1M persons took
  // 103-107 s against 115-119 s with it (interleaved, same warehouse), for a file 14% larger (4.0 GB against
  // 3.5 GB). Dictionary and plain strings remain. Only for the run: raw tables keep FSST, loaded once and kept.
  await warehouse.run("SET disabled_compression_methods = 'fsst'");
  try {
    await dropNextTables(warehouse);
    const state = await ModelState.load(warehouse);
    const rebuilt = new Set<string>();
    const increments = new Map<string, Increment>();
    const built: { model: Model; signed: Signed; increment?: Increment }[] = [];
    const incremental = Boolean(options.track && options.skipUnchanged);
    let intakesChecked = false;
    try {
      for (const [index, model] of models.entries()) {
        // Staging is built (staging models read raw tables only, so they come first): before any model that
        // dates an intake, the calendar must know every intake staging carries, or the run stops naming it.
        if (!intakesChecked && model.layer !== "staging") {
          intakesChecked = true;
          await checkIntakes(warehouse, (name) => existingTable(warehouse, name, rebuilt));
        }
        const t0 = performance.now();
        const target = qualified(model.layer, model.table);
        const signed = await state.sign(model);
        if (incremental && state.isCurrent(model.name, signed.signature)) {
          const rows =
            state.rowsOf(model.name) ?? Number(await warehouse.scalar(`SELECT count(*) FROM ${target}`));
          const result = { model: model.name, rows, seconds: (performance.now() - t0) / 1000, skipped: true };
          results.push(result);
          onModel?.(result, index, models.length);
          continue;
        }
        const next = nextTable(model);
        const retargeted = (sql: string) => retarget(sql, model.name, rebuilt);
        let increment: Increment | undefined;
        try {
          if (
            incremental &&
            (await buildIncrement(warehouse, model, signed, state, increments, next, retargeted))
          ) {
            increment = increments.get(model.name);
          } else if (model.kind === "ts") {
            const module = (await import(pathToFileURL(model.file).href)) as { build: TsModelBuild };
            await module.build(warehouse, next, retargeted);
          } else {
            await warehouse.run(`CREATE OR REPLACE TABLE ${next} AS ${retargeted(model.sql)}`);
          }
        } catch (error) {
          throw new ModelRunError(model, error);
        }
        rebuilt.add(model.name);
        built.push({ model, signed, increment });
        const rows = Number(await warehouse.scalar(`SELECT count(*) FROM ${next}`));
        const result: ModelResult = { model: model.name, rows, seconds: (performance.now() - t0) / 1000 };
        if (increment) result.incremental = true;
        results.push(result);
        onModel?.(result, index, models.length);
      }
      await warehouse.transaction(async () => {
        const recorded: { name: string; signed: Signed }[] = [];
        for (const { model, signed, increment } of built) {
          if (increment) {
            await applyIncrement(warehouse, increment, nextTable(model));
          } else {
            await warehouse.run(`DROP TABLE IF EXISTS ${qualified(model.layer, model.table)}`);
            await warehouse.run(`ALTER TABLE ${nextTable(model)} RENAME TO ${quoteIdent(model.table)}`);
          }
          recorded.push({ name: model.name, signed });
        }
        // Every model's declared tests run before anything is published, so a broken promise rolls the
        // whole run back; all failures are reported together. A kept model's table is the one its tests
        // passed on when it was built, so only its tests that read a rebuilt table (a relationship to
        // it) run again.
        const failures: FailedDataTest[] = [];
        const changed = new Set(built.map(({ model }) => model.name));
        for (const model of models) {
          const due = changed.has(model.name)
            ? model.tests
            : model.tests.filter((test) => readsAnyOf(test.text, changed));
          const checks = await runDataTests(warehouse, due, qualified(model.layer, model.table));
          tests += checks.length;
          for (const check of checks) {
            if (check.failingRows > 0) failures.push({ model: model.name, ...check });
          }
        }
        if (failures.length > 0) throw new DataTestFailure(failures);
        // Declared publish tables pass disclosure control together, as one release, in this transaction;
        // an incremental run keeps the tables of a group of them whose inputs are all unchanged.
        const specs = await discoverPublishSpecs();
        const engine = disclosureEngineFingerprint();
        const published = new Map(
          specs.map((spec) => [
            `publish.${spec.name}`,
            state.signPublished(
              { spec, engine },
              sourceTables(spec).map((ref) => ref.join(".")),
            ),
          ]),
        );
        const current = new Set<string>();
        for (const spec of specs) {
          const name = `publish.${spec.name}`;
          if (incremental && state.isCurrent(name, published.get(name)!.signature)) current.add(spec.name);
        }
        const release = await publishRelease(warehouse, { specs, current });
        const total = models.length + release.tables.length + release.kept.length;
        for (const table of release.tables) {
          const result = { model: table.model, rows: table.rows, seconds: table.seconds };
          results.push(result);
          onModel?.(result, results.length - 1, total);
          recorded.push({ name: table.model, signed: published.get(table.model)! });
        }
        for (const table of release.kept) {
          const result = { model: table.model, rows: table.rows, seconds: 0, skipped: true };
          results.push(result);
          onModel?.(result, results.length - 1, total);
        }
        if (options.track) await state.record(recorded, runId);
        await warehouse.run(
          `INSERT INTO meta.model_run
           SELECT $1, r.model, r.rows, r.seconds, r.status
             FROM (SELECT unnest($2::JSON::STRUCT(model VARCHAR, rows BIGINT, seconds DOUBLE, status VARCHAR)[]) AS r)`,
          [
            runId,
            JSON.stringify(
              results.map((result) => ({
                model: result.model,
                rows: result.rows,
                seconds: result.seconds,
                status: result.skipped ? "kept" : result.incremental ? "incremental" : "ok",
              })),
            ),
          ],
        );
      });
    } catch (error) {
      await dropNextTables(warehouse).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await warehouse.run(
      "UPDATE meta.pipeline_run SET finished_at = now(), status = 'failed', error = $2 WHERE run_id = $1",
      [runId, error instanceof Error ? error.message : String(error)],
    );
    throw error;
  } finally {
    await warehouse.run("RESET disabled_compression_methods").catch(() => undefined);
  }
  await warehouse.run(
    "UPDATE meta.pipeline_run SET finished_at = now(), status = 'ok', models = $2 WHERE run_id = $1",
    [runId, results.length],
  );
  return { runId, models: results, tests, seconds: (performance.now() - started) / 1000 };
}
