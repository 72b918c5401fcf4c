import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Warehouse } from "./connection.ts";

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ""),
      sql: readFileSync(join(dir, file), "utf8"),
    }));
}

/** Applies, in order and each in its own transaction, every migration the file has not seen yet. */
export async function applyMigrations(warehouse: Warehouse, dir = MIGRATIONS_DIR): Promise<string[]> {
  await warehouse.run("CREATE SCHEMA IF NOT EXISTS meta");
  await warehouse.run(
    "CREATE TABLE IF NOT EXISTS meta.schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
  );
  const applied = new Set(
    (await warehouse.all<{ version: number }>("SELECT version FROM meta.schema_migration")).map(
      (row) => row.version,
    ),
  );
  const done: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (applied.has(migration.version)) continue;
    await warehouse.transaction(async () => {
      await warehouse.run(migration.sql);
      await warehouse.run("INSERT INTO meta.schema_migration (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
    });
    done.push(migration.name);
  }
  return done;
}
