import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { asLockError, instanceSettings } from "./connection.ts";
import { quoteLiteral } from "./sql.ts";

export interface CompactResult {
  bytesBefore: number;
  bytesAfter: number;
}

/**
 * Rewrites the warehouse into a fresh file and swaps it in with a rename, so rows deleted by an erasure
 * or retention leave no bytes behind: DuckDB reuses freed blocks but does not overwrite them, and
 * CHECKPOINT alone keeps them in the file. The old file is checkpointed first, so no WAL outlives it.
 */
export async function compactWarehouse(
  path: string,
  limits: { threads?: number | undefined; memoryLimit?: string | undefined } = {},
): Promise<CompactResult> {
  const bytesBefore = statSync(path).size;
  const fresh = `${path}.compact`;
  rmSync(fresh, { force: true });
  rmSync(`${fresh}.wal`, { force: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(":memory:", instanceSettings(limits));
  } catch (error) {
    throw asLockError(error, path) ?? error;
  }
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH ${quoteLiteral(path)} AS slm_old`);
    await connection.run("CHECKPOINT slm_old");
    await connection.run(`ATTACH ${quoteLiteral(fresh)} AS slm_new`);
    await connection.run("COPY FROM DATABASE slm_old TO slm_new");
    await connection.run("DETACH slm_new");
    await connection.run("DETACH slm_old");
  } catch (error) {
    rmSync(fresh, { force: true });
    rmSync(`${fresh}.wal`, { force: true });
    throw asLockError(error, path) ?? error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  rmSync(`${fresh}.wal`, { force: true });
  renameSync(fresh, path);
  // A WAL left by the old file would be replayed into the new one.
  if (existsSync(`${path}.wal`)) rmSync(`${path}.wal`);
  return { bytesBefore, bytesAfter: statSync(path).size };
}
