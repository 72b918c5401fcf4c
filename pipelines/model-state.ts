import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified } from "../warehouse/sql.ts";
import { type Model, stripComments } from "./models.ts";

/**
 * Change detection for `slm run`: a model's signature is a hash of its own text, the run's context
 * (configuration, reference date, key, the shared macros: see registerModelFunctions), the signatures
 * of the models it reads and the state of the raw and meta tables it reads. A model whose signature
 * equals the one it was last built with, and whose table still exists, holds exactly what a rebuild
 * would give, so the run keeps it.
 */
const EXTERNAL = /\b(raw|meta)\.([a-z_][a-z0-9_]*)\b/gi;

/** Raw and meta tables a model reads (a TypeScript model's `// reads:` line); they change under it without being models. */
export function externalInputs(model: Model): string[] {
  const refs = new Set<string>();
  for (const match of stripComments(model.sql).matchAll(EXTERNAL)) {
    refs.add(`${match[1]!.toLowerCase()}.${match[2]!.toLowerCase()}`);
  }
  return [...refs].sort();
}

/**
 * A table's state: its row count, and for raw tables the newest file loaded into it. Loads only
 * append (a new file id) and retention or erasure only delete, so either shows in these two numbers.
 */
async function tableState(warehouse: Warehouse, name: string): Promise<string> {
  const [schema, table] = name.split(".") as [string, string];
  if (!(await warehouse.tableExists(schema, table))) return "absent";
  const target = qualified(schema, table);
  const sql =
    schema === "raw"
      ? `SELECT count(*)::VARCHAR || ':' || coalesce(max(_file_id)::VARCHAR, '') FROM ${target}`
      : `SELECT count(*)::VARCHAR FROM ${target}`;
  return String(await warehouse.scalar(sql));
}

export class ModelState {
  private readonly signatures = new Map<string, string>();
  /** Raw and meta tables do not change during a run, and many models read the same ones. */
  private readonly states = new Map<string, Promise<string>>();
  private constructor(
    private readonly warehouse: Warehouse,
    private readonly context: string,
    private readonly stored: Map<string, string>,
  ) {}

  static async load(warehouse: Warehouse): Promise<ModelState> {
    // Without the model functions' context (a bare warehouse) nothing is ever taken as current.
    const context = await warehouse
      .scalar<string>("SELECT fingerprint FROM temp.slm_context")
      .catch(() => `no-context:${Math.random()}`);
    const rows = await warehouse.all<{ model: string; signature: string }>(
      "SELECT model, signature FROM meta.model_state",
    );
    return new ModelState(warehouse, context, new Map(rows.map((row) => [row.model, row.signature])));
  }

  /** The model's signature for this run; models it reads must have been signed first. */
  async sign(model: Model): Promise<string> {
    const hash = createHash("sha256").update(this.context).update("\0");
    hash.update(model.kind === "ts" ? readFileSync(model.file, "utf8") : model.sql).update("\0");
    for (const dep of model.dependsOn) {
      hash.update(`${dep}=${this.signatures.get(dep) ?? this.stored.get(dep) ?? "unknown"}\0`);
    }
    for (const input of externalInputs(model)) {
      if (!this.states.has(input)) this.states.set(input, tableState(this.warehouse, input));
      hash.update(`${input}=${await this.states.get(input)}\0`);
    }
    const signature = hash.digest("hex");
    this.signatures.set(model.name, signature);
    return signature;
  }

  /** Whether the model's table is what a rebuild with this signature would give. */
  async isCurrent(model: Model, signature: string): Promise<boolean> {
    return (
      this.stored.get(model.name) === signature &&
      (await this.warehouse.tableExists(model.layer, model.table))
    );
  }

  async record(model: Model, signature: string, runId: number): Promise<void> {
    await this.warehouse.run("DELETE FROM meta.model_state WHERE model = $1", [model.name]);
    await this.warehouse.run("INSERT INTO meta.model_state VALUES ($1, $2, $3, now())", [
      model.name,
      signature,
      runId,
    ]);
  }
}
