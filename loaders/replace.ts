import type { Warehouse } from "../warehouse/connection.ts";
import { qualified } from "../warehouse/sql.ts";
import type { Contract } from "./contract.ts";
import { LoadError } from "./errors.ts";

/**
 * `slm ingest --replace`: a new version of a file already loaded takes the old version's place. The old
 * version's raw rows, quarantined lines and quarantine rows leave in the transaction that loads the new
 * one, and its manifest row moves to meta.file_replacement with the file that replaced it, when, by whom
 * and why: meta.load_manifest stays the list of files whose rows are in raw, so everything that sums it
 * (freshness, status, quality) counts each file once.
 */
export interface Replacement {
  /** The loaded version the new file replaces. */
  fileId: number;
  /** Who replaced them (the audit log's actor). */
  actor: string;
  /** Why, as the analyst gave it (`--reason`). */
  reason: string | null;
}

/** The manifest's columns, kept for a replaced version. */
const MANIFEST_COLUMNS =
  "file_id, sha256, file_name, file_path, bytes, source, entity, raw_table, profile, rows_read, rows_loaded, rows_quarantined, started_at, finished_at";

interface Loaded {
  file_id: number;
  file_name: string;
  source: string;
  entity: string;
}

/**
 * The loaded version a file replaces: the one of the same contract and file name, else the one holding the
 * same content (loaded under another name or through another contract, as with a profile matched
 * wrongly). Several loaded files of that name (an export delivered again with new rows, each kept) are
 * ambiguous: replacing them all could drop rows the new version no longer holds, so it is refused.
 */
export async function replacedFile(
  warehouse: Warehouse,
  file: { fileName: string; sha256: string; contract: Contract },
): Promise<number> {
  const { fileName, sha256, contract } = file;
  const named = await warehouse.all<Loaded>(
    `SELECT file_id::INTEGER AS file_id, file_name, source, entity FROM meta.load_manifest
      WHERE source = $1 AND entity = $2 AND file_name = $3 ORDER BY file_id`,
    [contract.source, contract.entity, fileName],
  );
  if (named.length > 1) {
    throw new LoadError(
      fileName,
      `--replace is ambiguous: ${named.length} loaded files of ${contract.source}.${contract.entity} have this name (file ids ${named.map((f) => f.file_id).join(", ")}); nothing was replaced`,
    );
  }
  if (named.length === 1) return named[0]!.file_id;
  const same = await warehouse.all<Loaded>(
    "SELECT file_id::INTEGER AS file_id, file_name, source, entity FROM meta.load_manifest WHERE sha256 = $1",
    [sha256],
  );
  if (same.length === 1) return same[0]!.file_id;
  throw new LoadError(
    fileName,
    `--replace: no loaded file of ${contract.source}.${contract.entity} has this name or this content, so there is nothing to replace; load it without --replace`,
  );
}

/**
 * Moves the replaced version out, inside the transaction that loads `newFileId`: its rows leave raw,
 * raw.quarantined_lines, meta.quarantine and meta.load_unpivot, its manifest row goes to
 * meta.file_replacement. Erasure needs nothing of its own here: the new version was read through the same
 * erasure check as any file (load-scan.ts), and the old one's rows are gone.
 */
export async function retireReplaced(
  warehouse: Warehouse,
  replacement: Replacement,
  newFileId: number,
): Promise<void> {
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS meta.file_replacement (
       file_id BIGINT PRIMARY KEY, sha256 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_path VARCHAR NOT NULL,
       bytes BIGINT NOT NULL, source VARCHAR NOT NULL, entity VARCHAR NOT NULL, raw_table VARCHAR NOT NULL,
       profile VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL,
       rows_quarantined BIGINT NOT NULL, started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL,
       replaced_by BIGINT NOT NULL, replaced_at TIMESTAMPTZ NOT NULL, actor VARCHAR NOT NULL, reason VARCHAR)`,
  );
  const { fileId } = replacement;
  const rawTable = await warehouse.scalar<string>(
    "SELECT raw_table FROM meta.load_manifest WHERE file_id = $1",
    [fileId],
  );
  if (rawTable === undefined || rawTable === null) {
    throw new Error(`file ${fileId} to replace is no longer in meta.load_manifest`);
  }
  const [schema, table] = rawTable.split(".") as [string, string];
  if (await warehouse.tableExists(schema, table)) {
    await warehouse.run(`DELETE FROM ${qualified(schema, table)} WHERE _file_id = $1`, [fileId]);
  }
  await warehouse.run("DELETE FROM raw.quarantined_lines WHERE _file_id = $1", [fileId]);
  await warehouse.run("DELETE FROM meta.quarantine WHERE file_id = $1", [fileId]);
  if (await warehouse.tableExists("meta", "load_unpivot")) {
    await warehouse.run("DELETE FROM meta.load_unpivot WHERE file_id = $1", [fileId]);
  }
  await warehouse.run(
    `INSERT INTO meta.file_replacement BY NAME
     SELECT ${MANIFEST_COLUMNS}, $2 AS replaced_by, now() AS replaced_at, $3 AS actor, $4 AS reason
       FROM meta.load_manifest WHERE file_id = $1`,
    [fileId, newFileId, replacement.actor, replacement.reason],
  );
  await warehouse.run("DELETE FROM meta.load_manifest WHERE file_id = $1", [fileId]);
}
