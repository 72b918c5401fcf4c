import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { applyMigrations } from "./migrate.ts";

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

/** Raised when another process holds the warehouse file; its message is meant to be shown as is. */
export class WarehouseLockedError extends Error {
  override name = "WarehouseLockedError";
  constructor(
    readonly path: string,
    readonly pid: number | null,
  ) {
    super(`warehouse is in use by process ${pid ?? "unknown"}; try again when it finishes (${path})`);
  }
}

export interface OpenOptions {
  readOnly?: boolean;
  threads?: number | undefined;
  memoryLimit?: string | undefined;
  onLocked?: "fail" | "wait";
  lockWaitSeconds?: number;
  /** Called once when we start waiting for another writer. */
  onWait?: (error: WarehouseLockedError) => void;
  migrate?: boolean;
}

export function asLockError(error: unknown, path: string): WarehouseLockedError | null {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.includes("Could not set lock on file")) return null;
  const pid = /PID (\d+)/.exec(message)?.[1];
  return new WarehouseLockedError(path, pid ? Number(pid) : null);
}

/** DuckDB BIGINT/HUGEINT arrive as bigint; analysts' code wants numbers where they are safe. */
function toJs(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

/**
 * The storage format of a database file DuckDB creates here (a new warehouse, a compacted one). DuckDB's
 * default is still v1.0's format, readable by DuckDB 0.10 and later; v1.3's adds DICT_FSST string compression,
 * which writes our tables of keys and ids faster at about the same size: core.fct_mailings at 1M persons copied
 * into a new file in 1.78-1.84 s against 2.82-2.89 s, 571 blocks against 565. A file keeps the format it was made
 * in (DuckDB reads both); the compaction after an erasure or a retention run rewrites it in this one. Opening a
 * file of this format takes DuckDB 1.3.0 or later.
 */
export const STORAGE_VERSION = "v1.3.0";

/**
 * DuckDB settings for an instance. jemalloc keeps freed pages by default, so a 3 GB memory limit let
 * the process reach 5 GB resident on the 1M pipeline; its background threads hand them back.
 * Lower flush thresholds (32 MB / 64 MB) once helped too, but under today's limit they no longer lower the
 * peak (full 1M run, 2 alternated pairs: 2,808 MB without, 2,820 MB with) and cost time in the kernel
 * handing pages back and forth (wall 0.94x, system time 16 s against 20 s without them).
 */
export function instanceSettings(limits: { threads?: number | undefined; memoryLimit?: string | undefined }) {
  const settings: Record<string, string> = {
    allocator_background_threads: "true",
    storage_compatibility_version: STORAGE_VERSION,
  };
  if (limits.threads) settings.threads = String(limits.threads);
  if (limits.memoryLimit) settings.memory_limit = limits.memoryLimit;
  return settings;
}

export class Warehouse {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly readOnly: boolean,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const readOnly = options.readOnly ?? false;
    if (!readOnly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const settings = { ...instanceSettings(options), access_mode: readOnly ? "READ_ONLY" : "READ_WRITE" };
    const deadline = Date.now() + (options.lockWaitSeconds ?? 300) * 1000;
    let warned = false;
    for (;;) {
      try {
        const instance = await DuckDBInstance.create(path, settings);
        const connection = await instance.connect();
        const warehouse = new Warehouse(path, instance, connection, readOnly);
        if (!readOnly && options.migrate !== false) await applyMigrations(warehouse);
        return warehouse;
      } catch (error) {
        const locked = asLockError(error, path);
        if (!locked) throw error;
        if (options.onLocked !== "wait" || Date.now() > deadline) throw locked;
        if (!warned) options.onWait?.(locked);
        warned = true;
        await new Promise((done) => setTimeout(done, 500));
      }
    }
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }

  async all<T extends object = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const names = reader.columnNames();
    // fromEntries defines each column as an own property; assigning `row[name] = ...` would turn a
    // column named __proto__ into the object's prototype and lose it.
    return reader
      .getRows()
      .map((row) => Object.fromEntries(names.map((name, i) => [name, toJs(row[i])])) as T);
  }

  async one<T extends object = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params?: SqlParams): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs fn inside one transaction: all of it lands, or none of it does. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /** Every table and view as `schema.name`: one catalogue read where many names are to be looked up. */
  async tableNames(): Promise<Set<string>> {
    const rows = await this.all<{ name: string }>(
      "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables",
    );
    return new Set(rows.map((row) => row.name));
  }

  /** The rows of each of `tables` (quoted names), in one statement rather than a round trip each. */
  async rowCounts(tables: string[]): Promise<number[]> {
    if (tables.length === 0) return [];
    const rows = await this.all<{ i: number; n: number }>(
      tables
        .map((table, i) => `SELECT ${i}::INTEGER AS i, count(*)::BIGINT AS n FROM ${table}`)
        .join(" UNION ALL "),
    );
    const counts = new Array<number>(tables.length).fill(0);
    for (const row of rows) counts[row.i] = Number(row.n);
    return counts;
  }

  async tableExists(schema: string, table: string): Promise<boolean> {
    const n = await this.scalar<number>(
      "SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
      [schema, table],
    );
    return n > 0;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
