import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteIdent } from "../warehouse/sql.ts";
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
 * A table's state: its row count, and for raw tables (and meta tables kept per file) the newest file
 * loaded into it. Loads only append (a new file id) and retention or erasure only delete, so either
 * shows in these two numbers; `slm ingest --replace` deletes a file's rows and adds a newer file's, which
 * may leave the count as it was but never the newest file id.
 */
async function tableState(
  warehouse: Warehouse,
  name: string,
  exists: boolean,
  fileColumn: string | undefined,
): Promise<string> {
  const [schema, table] = name.split(".") as [string, string];
  if (!exists) return "absent";
  const target = qualified(schema, table);
  const sql = fileColumn
    ? `SELECT count(*)::VARCHAR || ':' || coalesce(max(${quoteIdent(fileColumn)})::VARCHAR, '') FROM ${target}`
    : `SELECT count(*)::VARCHAR FROM ${target}`;
  return String(await warehouse.scalar(sql));
}

/** The file-id column a raw or meta table's state reads: raw tables' `_file_id`; meta tables' `file_id`, if any. */
function fileColumnOf(name: string, metaFileTables: Set<string>): string | undefined {
  if (name.startsWith("raw.")) return "_file_id";
  return metaFileTables.has(name) ? "file_id" : undefined;
}

/** What a model was (or is about to be) built from. */
export interface Signed {
  /** Everything the model is built from. */
  signature: string;
  /** The same without its incremental input (see IncrementalDeclaration): equal when only that input changed. */
  base: string;
  /** The incremental input's state (a raw table) or signature (a model), when the model declares one. */
  inputState?: string;
}

export class ModelState {
  private readonly signatures = new Map<string, string>();
  /** Raw and meta tables do not change during a run, and many models read the same ones. */
  private readonly states = new Map<string, Promise<string>>();
  private constructor(
    private readonly warehouse: Warehouse,
    private readonly context: string,
    private readonly stored: Map<string, Signed>,
    /** Tables present when the run began (`schema.table`): one query, not one per model. */
    private readonly tables: Set<string>,
    /** Each table's rows when a run last recorded it: a kept table still has them. */
    private readonly rows: Map<string, number>,
    /** Meta tables with a `file_id` column (`schema.table`): their state names their newest file too. */
    private readonly metaFileTables: Set<string>,
  ) {}

  static async load(warehouse: Warehouse): Promise<ModelState> {
    // Without the model functions' context (a bare warehouse) nothing is ever taken as current.
    const context = await warehouse
      .scalar<string>("SELECT fingerprint FROM temp.slm_context")
      .catch(() => `no-context:${Math.random()}`);
    const rows = await warehouse.all<{
      model: string;
      signature: string;
      base_signature: string | null;
      input_state: string | null;
    }>("SELECT model, signature, base_signature, input_state FROM meta.model_state");
    const tables = await warehouse.tableNames();
    const metaFileTables = await warehouse.all<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.columns
        WHERE table_schema = 'meta' AND column_name = 'file_id'`,
    );
    // model_run is written in the run's transaction, so its newest row per model is the committed table's.
    const counts = await warehouse.all<{ model: string; rows: number }>(
      "SELECT model, arg_max(rows, run_id) AS rows FROM meta.model_run GROUP BY model",
    );
    return new ModelState(
      warehouse,
      context,
      new Map(
        rows.map((row) => [
          row.model,
          {
            signature: row.signature,
            base: row.base_signature ?? "",
            inputState: row.input_state ?? undefined,
          },
        ]),
      ),
      tables,
      new Map(counts.map((row) => [row.model, Number(row.rows)])),
      new Set(metaFileTables.map((row) => row.name)),
    );
  }

  /** A kept table's rows, as the run that built or last kept it counted them. */
  rowsOf(name: string): number | undefined {
    return this.rows.get(name);
  }

  /** A model's signature in this run, or as last recorded when this run has not signed it (a partial run). */
  private signatureOf(model: string): string {
    return this.signatures.get(model) ?? this.stored.get(model)?.signature ?? "unknown";
  }

  /** Whether the table (`schema.table`) existed when the run began. */
  exists(name: string): boolean {
    return this.tables.has(name);
  }

  /** What the model was last built from, as recorded before this run. */
  storedFor(model: string): Signed | undefined {
    return this.stored.get(model);
  }

  /** The model's signature for this run; models it reads must have been signed first. */
  async sign(model: Model): Promise<Signed> {
    const parts: { part: string; incremental: boolean; state?: string }[] = [
      { part: this.context, incremental: false },
      { part: model.kind === "ts" ? readFileSync(model.file, "utf8") : model.sql, incremental: false },
    ];
    const input = model.incremental?.input;
    for (const dep of model.dependsOn) {
      const signature = this.signatureOf(dep);
      parts.push({ part: `${dep}=${signature}`, incremental: dep === input, state: signature });
    }
    for (const name of externalInputs(model)) {
      if (!this.states.has(name)) {
        this.states.set(
          name,
          tableState(this.warehouse, name, this.tables.has(name), fileColumnOf(name, this.metaFileTables)),
        );
      }
      const state = await this.states.get(name)!;
      parts.push({ part: `${name}=${state}`, incremental: name === input, state });
    }
    const digest = (kept: typeof parts) => {
      const hash = createHash("sha256");
      for (const { part } of kept) hash.update(part).update("\0");
      return hash.digest("hex");
    };
    const signed: Signed = {
      signature: digest(parts),
      base: digest(parts.filter((p) => !p.incremental)),
      inputState: parts.find((p) => p.incremental)?.state,
    };
    this.signatures.set(model.name, signed.signature);
    return signed;
  }

  /**
   * A publish table's signature (`publish.<name>`): the context, its declaration and the signatures of
   * the models it reads; all models must have been signed first.
   */
  signPublished(declaration: unknown, reads: string[]): Signed {
    const hash = createHash("sha256").update(this.context).update("\0");
    hash.update(JSON.stringify(declaration)).update("\0");
    for (const model of [...reads].sort()) {
      hash.update(`${model}=${this.signatureOf(model)}\0`);
    }
    const signature = hash.digest("hex");
    return { signature, base: signature };
  }

  /** Whether the table (a model's, or a publish table's) is what a rebuild with this signature would give. */
  isCurrent(name: string, signature: string): boolean {
    return this.stored.get(name)?.signature === signature && this.exists(name);
  }

  /** Records what these models were built from, in two statements: one per model cost 2 ms a model. */
  async record(built: { name: string; signed: Signed }[], runId: number): Promise<void> {
    if (built.length === 0) return;
    const rows = built.map(({ name, signed }) => ({
      model: name,
      signature: signed.signature,
      base: signed.base,
      input: signed.inputState ?? null,
    }));
    await this.warehouse.run("DELETE FROM meta.model_state WHERE list_contains($1::JSON::VARCHAR[], model)", [
      JSON.stringify(rows.map((row) => row.model)),
    ]);
    await this.warehouse.run(
      `INSERT INTO meta.model_state (model, signature, run_id, built_at, base_signature, input_state)
       SELECT r.model, r.signature, $2, now(), r.base, r.input
         FROM (SELECT unnest($1::JSON::STRUCT(model VARCHAR, signature VARCHAR, base VARCHAR, input VARCHAR)[]) AS r)`,
      [JSON.stringify(rows), runId],
    );
  }
}
