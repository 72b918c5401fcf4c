import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { compactWarehouse } from "../../warehouse/compact.ts";
import { STORAGE_VERSION, Warehouse, WarehouseLockedError } from "../../warehouse/connection.ts";
import { listMigrations } from "../../warehouse/migrate.ts";
import { holdLock } from "../helpers/lock.ts";
import { tempProject } from "../helpers/project.ts";

describe("warehouse connection", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("creates every layer's schema through versioned migrations, once", async () => {
    const project = tempProject();
    cleanups.push(project.remove);
    const path = join(project.dir, "w.duckdb");
    const first = await Warehouse.open(path);
    const schemas = (
      await first.all<{ s: string }>("SELECT schema_name AS s FROM information_schema.schemata")
    ).map((r) => r.s);
    expect(schemas).toEqual(
      expect.arrayContaining(["meta", "raw", "staging", "identity", "core", "marts", "publish"]),
    );
    const versions = await first.all<{ version: number }>(
      "SELECT version FROM meta.schema_migration ORDER BY version",
    );
    expect(versions.map((v) => v.version)).toEqual(listMigrations().map((m) => m.version));
    first.close();
    const second = await Warehouse.open(path);
    expect(await second.scalar<number>("SELECT count(*)::INTEGER FROM meta.schema_migration")).toBe(
      versions.length,
    );
    second.close();
  });

  it("opens with the memory limit asked for and jemalloc returning freed pages", async () => {
    const warehouse = await Warehouse.open(":memory:", { memoryLimit: "512MB", threads: 1 });
    const settings = await warehouse.all<{ name: string; value: string }>(
      `SELECT name, value FROM duckdb_settings()
        WHERE name IN ('allocator_background_threads', 'memory_limit', 'threads')
        ORDER BY name`,
    );
    expect(settings.map((s) => `${s.name}=${s.value}`)).toEqual([
      "allocator_background_threads=true",
      expect.stringMatching(/^memory_limit=(488\.2|512\.0) MiB$/),
      "threads=1",
    ]);
    warehouse.close();
  });

  it("counts the rows of several tables in one statement, in the order asked", async () => {
    const warehouse = await Warehouse.open(":memory:");
    cleanups.push(() => warehouse.close());
    await warehouse.run("CREATE TABLE main.three AS SELECT range AS x FROM range(3)");
    await warehouse.run("CREATE TABLE main.none (x INTEGER)");
    await warehouse.run('CREATE TABLE main."two, quoted" AS SELECT 1 AS x UNION ALL SELECT 2');
    expect(await warehouse.rowCounts(['main."two, quoted"', "main.none", "main.three"])).toEqual([2, 0, 3]);
    expect(await warehouse.rowCounts([])).toEqual([]);
  });

  it("makes new files in its storage format, keeps an older file's, and compacts into its own", async () => {
    const project = tempProject();
    cleanups.push(project.remove);
    const formatOf = async (warehouse: Warehouse) =>
      warehouse.scalar<string>(
        "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()",
      );
    const made = await Warehouse.open(join(project.dir, "new.duckdb"));
    expect(await formatOf(made)).toBe(`${STORAGE_VERSION}+`);
    made.close();

    // A warehouse made before, in DuckDB's default format (v1.0's), opens, takes writes and stays in it.
    const older = join(project.dir, "older.duckdb");
    const plain = await DuckDBInstance.create(older);
    const connection = await plain.connect();
    await connection.run("CREATE TABLE main.kept AS SELECT 'a' || range AS s FROM range(1000)");
    connection.closeSync();
    plain.closeSync();
    const reopened = await Warehouse.open(older);
    expect(await formatOf(reopened)).toBe("v1.0.0+");
    await reopened.run("INSERT INTO main.kept VALUES ('b')");
    expect(await reopened.scalar<number>("SELECT count(*)::INTEGER FROM main.kept")).toBe(1001);
    reopened.close();

    await compactWarehouse(older);
    const compacted = await Warehouse.open(older);
    expect(await formatOf(compacted)).toBe(`${STORAGE_VERSION}+`);
    expect(await compacted.scalar<number>("SELECT count(*)::INTEGER FROM main.kept")).toBe(1001);
    compacted.close();
  });

  it("turns another process's write lock into a one-line message with its pid", async () => {
    const project = tempProject();
    cleanups.push(project.remove);
    const path = join(project.dir, "w.duckdb");
    const holder = await holdLock(path);
    cleanups.push(holder.release);
    for (const readOnly of [false, true]) {
      const error = await Warehouse.open(path, { readOnly }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WarehouseLockedError);
      expect((error as WarehouseLockedError).pid).toBe(holder.child.pid);
      expect((error as Error).message).toBe(
        `warehouse is in use by process ${holder.child.pid}; try again when it finishes (${path})`,
      );
    }
  });

  it("waits for the other writer when configured to, then opens", async () => {
    const project = tempProject();
    cleanups.push(project.remove);
    const path = join(project.dir, "w.duckdb");
    const holder = await holdLock(path, 1500);
    cleanups.push(holder.release);
    const waited: string[] = [];
    const started = Date.now();
    const warehouse = await Warehouse.open(path, {
      onLocked: "wait",
      lockWaitSeconds: 20,
      onWait: (e) => waited.push(e.message),
    });
    expect(waited).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM meta.hold")).toBe(0);
    warehouse.close();
  });

  it("rolls a failed transaction back completely", async () => {
    const warehouse = await Warehouse.open(":memory:");
    cleanups.push(() => warehouse.close());
    await warehouse.run("CREATE TABLE t (n INTEGER)");
    await expect(
      warehouse.transaction(async () => {
        await warehouse.run("INSERT INTO t VALUES (1)");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM t")).toBe(0);
  });
});
