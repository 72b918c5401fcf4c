import { existsSync } from "node:fs";
import {
  chooseReferenceDate,
  loadedDates,
  type ReferenceDate,
} from "../pipelines/freshness/reference-date.ts";
import { registerModelFunctions } from "../pipelines/functions/register.ts";
import { audit, auditCounts, hasAudit } from "../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { Warehouse } from "../warehouse/connection.ts";
import { readSecret, SecretError } from "../warehouse/secret.ts";
import { NotReadyError } from "./errors.ts";
import { type Progress, silent } from "./progress.ts";

/** The operation being run (the command line sets it before each command), named in the audit log. */
let currentCommand = "api";

export function setAuditCommand(name: string): void {
  currentCommand = name;
}

export interface OpenFor {
  readOnly?: boolean;
  /** Register pseudonym() and the disclosure macros: needs the key. */
  models?: boolean;
  /** `slm run --as-of`: the reference date, before SLM_REFERENCE_DATE and the configuration's. */
  asOf?: string | undefined;
  /** Where waiting for another process's lock is said. */
  onProgress?: Progress;
}

/** What the models were given, for the operation to report; null when it registered no models. */
export interface WarehouseContext {
  referenceDate: ReferenceDate | null;
}

/**
 * The key, or, when it is gone but the warehouse already holds data pseudonymised with it, a message that
 * says to restore it: a new key would give every person new pseudonyms and break their durable ids.
 */
function keyFor(secretPath: string, warehousePath: string): Buffer {
  if (!existsSync(secretPath) && existsSync(warehousePath)) {
    throw new SecretError(
      `${secretPath}: pseudonymisation key not found, but ${warehousePath} holds data pseudonymised with it; restore the key from your backup (a new key from \`slm init\` would give every person new pseudonyms)`,
    );
  }
  return readSecret(secretPath);
}

/** Opens the warehouse the configuration names, runs fn, writes the audit entry, and always closes it. */
export async function withWarehouse<T>(
  loaded: LoadedConfig,
  fn: (warehouse: Warehouse, context: WarehouseContext) => Promise<T>,
  open: OpenFor = {},
): Promise<T> {
  const { config } = loaded;
  const onProgress = open.onProgress ?? silent;
  const path = resolvePath(loaded, config.paths.warehouse);
  const key = open.models ? keyFor(resolvePath(loaded, config.paths.secret), path) : null;
  const warehouse = await Warehouse.open(path, {
    readOnly: open.readOnly ?? false,
    threads: config.warehouse.threads,
    memoryLimit: config.warehouse.memoryLimit,
    onLocked: config.warehouse.onLocked,
    lockWaitSeconds: config.warehouse.lockWaitSeconds,
    onWait: (error) => onProgress(`${error.message} — waiting up to ${config.warehouse.lockWaitSeconds}s`),
  });
  let readOnlyCounts: Record<string, number> | null = null;
  try {
    let referenceDate: ReferenceDate | null = null;
    if (key) {
      // Every operation that runs models resolves "today" alike (pipelines/freshness/reference-date.ts).
      // SLM_REFERENCE_DATE recomputes as of another day: reruns of a past day, and tests that compare two
      // runs across midnight.
      referenceDate = chooseReferenceDate(
        { flag: open.asOf, env: process.env.SLM_REFERENCE_DATE, config: config.referenceDate },
        await loadedDates(warehouse),
        new Date().toISOString().slice(0, 10),
      );
      await registerModelFunctions(warehouse, { key, config, referenceDate: referenceDate.date });
    }
    const result = await fn(warehouse, { referenceDate });
    if (open.readOnly) readOnlyCounts = auditCounts(result);
    else if (!hasAudit(warehouse)) await audit(warehouse, currentCommand, auditCounts(result));
    return result;
  } finally {
    warehouse.close();
    // A read-only connection cannot write: the entry goes in through a short write-open afterwards.
    if (readOnlyCounts) await auditAfterReadOnly(loaded, readOnlyCounts, onProgress);
  }
}

async function auditAfterReadOnly(
  loaded: LoadedConfig,
  counts: Record<string, number>,
  onProgress: Progress,
): Promise<void> {
  const { config } = loaded;
  try {
    const warehouse = await Warehouse.open(resolvePath(loaded, config.paths.warehouse), {
      threads: config.warehouse.threads,
      memoryLimit: config.warehouse.memoryLimit,
    });
    try {
      await audit(warehouse, currentCommand, { ...counts, read_only: 1 });
    } finally {
      warehouse.close();
    }
  } catch (error) {
    onProgress(`warning: could not write the audit entry: ${error instanceof Error ? error.message : error}`);
  }
}

/** A model table an operation reads: [schema, table]. */
export type BuiltTable = readonly [schema: string, table: string];

/**
 * withWarehouse for an operation that reads what `slm run` built: the warehouse file and each of `tables` must be
 * there, else NotReadyError says which command to run first.
 */
export async function withBuiltTables<T>(
  loaded: LoadedConfig,
  tables: readonly BuiltTable[],
  fn: (warehouse: Warehouse, context: WarehouseContext) => Promise<T>,
  open: OpenFor = {},
): Promise<T> {
  if (!existsSync(resolvePath(loaded, loaded.config.paths.warehouse)))
    throw new NotReadyError("no warehouse yet: run slm ingest and slm run first");
  return withWarehouse(
    loaded,
    async (warehouse, context) => {
      for (const [schema, table] of tables)
        if (!(await warehouse.tableExists(schema, table)))
          throw new NotReadyError(`${schema}.${table} is not built yet: run slm run first`);
      return fn(warehouse, context);
    },
    open,
  );
}
