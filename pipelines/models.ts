import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DataTest, DataTestSyntaxError, declaredDataTests } from "./data-tests.ts";

export const PIPELINES_DIR = dirname(fileURLToPath(import.meta.url));

/** Layers that hold models, in data-flow order; a folder of the same name holds each layer's .sql files. */
export const MODEL_LAYERS = ["staging", "identity", "core", "marts", "publish"] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];

export interface Model {
  /** schema.table */
  name: string;
  /**
   * "sql": a SELECT the runner materialises. "ts": a `<table>.model.ts` module whose `build(warehouse,
   * target)` creates the table, for the rare step SQL does badly (it states `// grain:` and `// reads:`).
   */
  kind: "sql" | "ts";
  layer: ModelLayer;
  table: string;
  file: string;
  sql: string;
  /** Models this one reads, found in its SQL. */
  dependsOn: string[];
  /** The grain comment every model must carry. */
  grain: string;
  /** Data tests declared beside the model (`-- test: ...` lines), run after the models are built. */
  tests: DataTest[];
  /** Declared by `-- incremental: <input> by <key>` or `by (<column>, ...)`: see incrementalDeclaration. */
  incremental?: IncrementalDeclaration;
}

/**
 * A model's promise that its rows for one value of `key` (one combination of values of its columns) are
 * exactly what its SQL gives when `input` is cut down to the rows with that value, every other input read
 * whole. An incremental run then rebuilds only the keys whose input rows changed (see incremental.ts)
 * instead of the whole table.
 */
export interface IncrementalDeclaration {
  /** A raw table (`raw.x`, which loads only append to) or a model this one reads. */
  input: string;
  /**
   * The key's columns (lower case, in the declared order; one for `by <column>`, several for
   * `by (<column>, ...)`): columns of the input, and of the model's table unless it is summed over them.
   */
  key: string[];
  /**
   * `..., summing <column>, ...`: the model is instead a sum over the key's values, per its other columns
   * (its group), of what its SQL gives for each value alone; a group whose sums are all 0 has no row.
   */
  summing?: string[];
}

export class ModelError extends Error {
  override name = "ModelError";
}

export const REFERENCE = new RegExp(`\\b(${MODEL_LAYERS.join("|")})\\.([a-z_][a-z0-9_]*)\\b`, "gi");

/** Every reference to the table `schema.table` in SQL text (a new pattern per call: it is global). */
export function referenceTo(name: string): RegExp {
  return new RegExp(`\\b${name.replace(".", "\\.")}\\b`, "gi");
}

export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

const INCREMENTAL = /--\s*incremental:\s*(.*)/i;
const COLUMN_LIST = "[a-z_][a-z0-9_]*(?:\\s*,\\s*[a-z_][a-z0-9_]*)*";
const INCREMENTAL_FORM = new RegExp(
  `^([a-z]+)\\.([a-z_][a-z0-9_]*)\\s+by\\s+(?:([a-z_][a-z0-9_]*)|\\(\\s*(${COLUMN_LIST})\\s*\\))(?:\\s*,\\s*summing\\s+(${COLUMN_LIST}))?$`,
  "i",
);
const columnList = (list: string) => list.split(",").map((column) => column.trim().toLowerCase());

/**
 * The `-- incremental: <input> by <key>[, summing <column>, ...]` line of a model, if it has one; the key is
 * one column or a parenthesised list of them, `by (person_id, sent_month)`.
 */
export function incrementalDeclaration(path: string, sql: string): IncrementalDeclaration | undefined {
  const line = INCREMENTAL.exec(sql)?.[1]?.trim();
  if (line === undefined) return undefined;
  const form = INCREMENTAL_FORM.exec(line);
  if (!form) {
    throw new ModelError(
      `${path}: "-- incremental: ${line}" should read "-- incremental: <raw table or model> by <key column>" or "... by (<key column>, ...)", then ", summing <column>, ..." if it sums`,
    );
  }
  const key = form[3] ? [form[3].toLowerCase()] : columnList(form[4]!);
  if (new Set(key).size < key.length) {
    throw new ModelError(`${path}: "-- incremental: ${line}" names a key column twice`);
  }
  const input = `${form[1]!.toLowerCase()}.${form[2]!.toLowerCase()}`;
  if (!referenceTo(input).test(stripComments(sql))) {
    throw new ModelError(`${path}: is incremental on ${input}, which it does not read`);
  }
  const summing = form[5] === undefined ? undefined : columnList(form[5]);
  return { input, key, ...(summing ? { summing } : {}) };
}

function modelTests(path: string, source: string): DataTest[] {
  try {
    return declaredDataTests(source);
  } catch (error) {
    if (error instanceof DataTestSyntaxError) throw new ModelError(`${path}: ${error.message}`);
    throw error;
  }
}

export function discoverModels(root = PIPELINES_DIR): Model[] {
  const models: Model[] = [];
  for (const layer of MODEL_LAYERS) {
    let files: string[];
    let procedural: string[];
    try {
      const entries = readdirSync(join(root, layer));
      files = entries.filter((file) => file.endsWith(".sql"));
      procedural = entries.filter((file) => file.endsWith(".model.ts"));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const path = join(root, layer, file);
      const sql = readFileSync(path, "utf8");
      const grain = /--\s*grain:\s*(.+)/i.exec(sql)?.[1]?.trim();
      if (!grain) throw new ModelError(`${path}: a model must state its grain in a "-- grain: ..." comment`);
      const table = file.replace(/\.sql$/, "");
      models.push({
        name: `${layer}.${table}`,
        kind: "sql",
        layer,
        table,
        file: path,
        sql,
        dependsOn: [],
        grain,
        tests: modelTests(path, sql),
        incremental: incrementalDeclaration(path, sql),
      });
    }
    for (const file of procedural.sort()) {
      const path = join(root, layer, file);
      const source = readFileSync(path, "utf8");
      const grain = /\/\/\s*grain:\s*(.+)/i.exec(source)?.[1]?.trim();
      const reads = /\/\/\s*reads:\s*(.+)/i.exec(source)?.[1]?.trim();
      if (!grain || reads === undefined) {
        throw new ModelError(
          `${path}: a TypeScript model must state "// grain: ..." and "// reads: ..." comments`,
        );
      }
      const table = file.replace(/\.model\.ts$/, "");
      // The reads line stands in for the SQL text, so dependencies are found the same way.
      models.push({
        name: `${layer}.${table}`,
        kind: "ts",
        layer,
        table,
        file: path,
        sql: reads,
        dependsOn: [],
        grain,
        tests: modelTests(path, source),
      });
    }
  }
  const known = new Set(models.map((model) => model.name));
  for (const model of models) {
    const deps = new Set<string>();
    for (const match of stripComments(model.sql).matchAll(REFERENCE)) {
      const ref = `${match[1]!.toLowerCase()}.${match[2]!.toLowerCase()}`;
      if (ref === model.name) continue;
      if (!known.has(ref)) throw new ModelError(`${model.file}: reads ${ref}, which no model builds`);
      deps.add(ref);
    }
    model.dependsOn = [...deps].sort();
    const input = model.incremental?.input;
    if (input && !input.startsWith("raw.") && !deps.has(input)) {
      throw new ModelError(
        `${model.file}: is incremental on ${input}, which is neither a raw table nor a model`,
      );
    }
  }
  return models;
}

/** Kahn's algorithm; ties broken by layer then name so the order is stable from run to run. */
export function buildOrder(models: Model[]): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  // Dependencies outside the given set (a partial run) are taken as already built.
  const remaining = new Map(
    models.map((model) => [model.name, new Set(model.dependsOn.filter((dep) => byName.has(dep)))]),
  );
  const rank = (model: Model) => `${MODEL_LAYERS.indexOf(model.layer)}:${model.name}`;
  const order: Model[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, deps]) => deps.size === 0)
      .map(([name]) => byName.get(name)!)
      .sort((a, b) => rank(a).localeCompare(rank(b)));
    if (ready.length === 0) {
      throw new ModelError(`dependency cycle among: ${[...remaining.keys()].sort().join(", ")}`);
    }
    const next = ready[0]!;
    order.push(next);
    remaining.delete(next.name);
    for (const deps of remaining.values()) deps.delete(next.name);
  }
  return order;
}

/** The named models and everything that reads them, directly or not (dbt's `name+`), in build order. */
export function downstreamOf(models: Model[], names: string[]): Model[] {
  const selected = new Set(names);
  for (const name of names) {
    if (!models.some((model) => model.name === name)) throw new ModelError(`no model named ${name}`);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const model of models) {
      if (!selected.has(model.name) && model.dependsOn.some((dep) => selected.has(dep))) {
        selected.add(model.name);
        grew = true;
      }
    }
  }
  return buildOrder(models.filter((model) => selected.has(model.name)));
}
