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
import type { Privacy } from "./disclosure/rules.ts";
import {
  applyIncrement,
  buildIncrement,
  dropIncrementDelta,
  INCREMENT_SUFFIXES,
  type Increment,
  incrementDelta,
  incrementRows,
  testedOnDelta,
} from "./incremental.ts";
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
   * The disclosure settings the release is made with: the validated configuration's `privacy`. Without
   * them, those `registerDisclosure` bound to the connection (tests that register and run on one warehouse).
   */
  privacy?: Privacy;
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

/** What one run carries from step to step. */
interface Run {
  warehouse: Warehouse;
  runId: number;
  models: Model[];
  options: RunOptions;
  state: ModelState;
  /** Keep what is unchanged and patch what declares `-- incremental:` (a tracked run that skips). */
  incremental: boolean;
  /** Models built in this run (their new tables end in NEXT_SUFFIX until swapped in). */
  rebuilt: Set<string>;
  built: { model: Model; signed: Signed; increment?: Increment | undefined }[];
  results: ModelResult[];
  /** What meta.model_state records for this run: each built model and publish table with its signature. */
  recorded: { name: string; signed: Signed }[];
  onModel: ((result: ModelResult, index: number, total: number) => void) | undefined;
}

/** Step 1: a run id, its row in meta.pipeline_run, and the run's session settings. */
async function startRun(warehouse: Warehouse): Promise<number> {
  const runId = Number(await warehouse.scalar("SELECT nextval('meta.run_id_seq')"));
  await warehouse.run(
    "INSERT INTO meta.pipeline_run (run_id, started_at, status) VALUES ($1, now(), 'running')",
    [runId],
  );
  // Models that keep state across runs (identity) stamp their rows with the run that made them.
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_run AS SELECT $1::BIGINT AS run_id", [runId]);
  // Model tables are written without FSST, DuckDB's costliest string compression: a full run at 1M persons took
  // 103-107 s against 115-119 s with it (interleaved, same warehouse), for a file 14% larger (4.0 GB against
  // 3.5 GB). Dictionary and plain strings remain. Only for the run: raw tables keep FSST, loaded once and kept.
  await warehouse.run("SET disabled_compression_methods = 'fsst'");
  return runId;
}

/**
 * Step 2: one model into its new table: kept when unchanged (incremental runs), patched for its changed
 * keys, or built whole, by its SQL or its TypeScript `build`.
 */
async function buildModel(run: Run, model: Model, index: number, increments: Map<string, Increment>) {
  const { warehouse, state, rebuilt } = run;
  const t0 = performance.now();
  const target = qualified(model.layer, model.table);
  const signed = await state.sign(model);
  if (run.incremental && state.isCurrent(model.name, signed.signature)) {
    const rows = state.rowsOf(model.name) ?? Number(await warehouse.scalar(`SELECT count(*) FROM ${target}`));
    const result = { model: model.name, rows, seconds: (performance.now() - t0) / 1000, skipped: true };
    run.results.push(result);
    run.onModel?.(result, index, run.models.length);
    return;
  }
  const next = nextTable(model);
  const retargeted = (sql: string) => retarget(sql, model.name, rebuilt);
  let increment: Increment | undefined;
  // A CREATE TABLE AS answers with the rows it wrote, so a model built by SQL needs no count(*) after it.
  let created: number | undefined;
  // Patched for changed keys: kept apart as an increment, or (a summed model) a new table made from the old.
  let patched = false;
  try {
    if (
      run.incremental &&
      (await buildIncrement(warehouse, model, signed, state, increments, next, retargeted))
    ) {
      patched = true;
      increment = increments.get(model.name);
    } else if (model.kind === "ts") {
      const module = (await import(pathToFileURL(model.file).href)) as { build: TsModelBuild };
      await module.build(warehouse, next, retargeted);
    } else {
      created = Number(await warehouse.scalar(`CREATE OR REPLACE TABLE ${next} AS ${retargeted(model.sql)}`));
    }
  } catch (error) {
    throw new ModelRunError(model, error);
  }
  rebuilt.add(model.name);
  run.built.push({ model, signed, increment });
  const rows =
    created ??
    (increment
      ? await incrementRows(warehouse, increment)
      : Number(await warehouse.scalar(`SELECT count(*) FROM ${next}`)));
  const result: ModelResult = { model: model.name, rows, seconds: (performance.now() - t0) / 1000 };
  if (patched) result.incremental = true;
  run.results.push(result);
  run.onModel?.(result, index, run.models.length);
}

/** Step 2, every model in order, each committed as it goes. */
async function buildModels(run: Run): Promise<void> {
  const increments = new Map<string, Increment>();
  let intakesChecked = false;
  for (const [index, model] of run.models.entries()) {
    // Staging is built (staging models read raw tables only, so they come first): before any model that
    // dates an intake, the calendar must know every intake staging carries, or the run stops naming it.
    if (!intakesChecked && model.layer !== "staging") {
      intakesChecked = true;
      await checkIntakes(run.warehouse, (name) => existingTable(run.warehouse, name, run.rebuilt));
    }
    await buildModel(run, model, index, increments);
  }
}

/** Step 3 (in the run's transaction): every new table takes its model's place. */
async function swapIn(run: Run): Promise<void> {
  for (const { model, signed, increment } of run.built) {
    if (increment) {
      await applyIncrement(run.warehouse, increment, nextTable(model));
    } else {
      await run.warehouse.run(`DROP TABLE IF EXISTS ${qualified(model.layer, model.table)}`);
      await run.warehouse.run(`ALTER TABLE ${nextTable(model)} RENAME TO ${quoteIdent(model.table)}`);
    }
    run.recorded.push({ name: model.name, signed });
  }
}

/**
 * Step 4 (in the transaction): every model's declared tests, before anything is published, so a broken
 * promise rolls the whole run back; all failures are reported together. A kept model's table is the one its
 * tests passed on when it was built, so only its tests that read a rebuilt table (a relationship to it) run
 * again; likewise a model patched for its changed keys has the tests that hold key by key run on the
 * patch's rows only (incremental.ts, testedOnDelta). Returns how many tests ran.
 */
async function testModels(run: Run): Promise<number> {
  let tests = 0;
  const failures: FailedDataTest[] = [];
  const changed = new Set(run.built.map(({ model }) => model.name));
  const increments = new Map(
    run.built.flatMap(({ model, increment }) => (increment ? [[model.name, increment]] : [])),
  );
  for (const model of run.models) {
    const due = changed.has(model.name)
      ? model.tests
      : model.tests.filter((test) => readsAnyOf(test.text, changed));
    const increment = increments.get(model.name);
    const onDelta = increment
      ? due.filter((test) => testedOnDelta(test, increment, readsAnyOf(test.text, changed)))
      : [];
    const whole = due.filter((test) => !onDelta.includes(test));
    const checks = await runDataTests(run.warehouse, whole, qualified(model.layer, model.table));
    if (increment) {
      checks.push(...(await runDataTests(run.warehouse, onDelta, incrementDelta(increment))));
      await dropIncrementDelta(run.warehouse, increment);
    }
    tests += checks.length;
    for (const check of checks) {
      if (check.failingRows > 0) failures.push({ model: model.name, ...check });
    }
  }
  if (failures.length > 0) throw new DataTestFailure(failures);
  return tests;
}

/**
 * Step 5 (in the transaction): the declared publish tables pass disclosure control together, as one
 * release; an incremental run keeps the tables of a group of them whose inputs are all unchanged.
 */
async function publish(run: Run): Promise<void> {
  const specs = await discoverPublishSpecs();
  const engine = disclosureEngineFingerprint();
  const published = new Map(
    specs.map((spec) => [
      `publish.${spec.name}`,
      run.state.signPublished(
        { spec, engine },
        sourceTables(spec).map((ref) => ref.join(".")),
      ),
    ]),
  );
  const current = new Set<string>();
  for (const spec of specs) {
    const name = `publish.${spec.name}`;
    if (run.incremental && run.state.isCurrent(name, published.get(name)!.signature)) current.add(spec.name);
  }
  const release = await publishRelease(run.warehouse, {
    specs,
    current,
    ...(run.options.privacy ? { privacy: run.options.privacy } : {}),
  });
  const total = run.models.length + release.tables.length + release.kept.length;
  for (const table of release.tables) {
    const result = { model: table.model, rows: table.rows, seconds: table.seconds };
    run.results.push(result);
    run.onModel?.(result, run.results.length - 1, total);
    run.recorded.push({ name: table.model, signed: published.get(table.model)! });
  }
  for (const table of release.kept) {
    const result = { model: table.model, rows: table.rows, seconds: 0, skipped: true };
    run.results.push(result);
    run.onModel?.(result, run.results.length - 1, total);
  }
}

/** Step 6 (in the transaction): what each model was built from (tracked runs) and how each fared. */
async function recordModels(run: Run): Promise<void> {
  if (run.options.track) await run.state.record(run.recorded, run.runId);
  await run.warehouse.run(
    `INSERT INTO meta.model_run
     SELECT $1, r.model, r.rows, r.seconds, r.status
       FROM (SELECT unnest($2::JSON::STRUCT(model VARCHAR, rows BIGINT, seconds DOUBLE, status VARCHAR)[]) AS r)`,
    [
      run.runId,
      JSON.stringify(
        run.results.map((result) => ({
          model: result.model,
          rows: result.rows,
          seconds: result.seconds,
          status: result.skipped ? "kept" : result.incremental ? "incremental" : "ok",
        })),
      ),
    ],
  );
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
  const started = performance.now();
  const runId = await startRun(warehouse);
  let run: Run | undefined;
  let tests = 0;
  try {
    await dropNextTables(warehouse);
    run = {
      warehouse,
      runId,
      models,
      options,
      state: await ModelState.load(warehouse),
      incremental: Boolean(options.track && options.skipUnchanged),
      rebuilt: new Set(),
      built: [],
      results: [],
      recorded: [],
      onModel,
    };
    const steps = run;
    try {
      await buildModels(steps);
      await warehouse.transaction(async () => {
        await swapIn(steps);
        tests = await testModels(steps);
        await publish(steps);
        await recordModels(steps);
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
    [runId, run.results.length],
  );
  return { runId, models: run.results, tests, seconds: (performance.now() - started) / 1000 };
}
