import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Warehouse } from "../warehouse/connection.ts";

export interface FileDigest {
  sha256: string;
  /** Whether any byte of the file is 0x00: a text file without one has no cell holding a NUL. */
  hasNul: boolean;
}

/** The file's content hash, and (in the same read, at memchr speed) whether it holds a NUL byte. */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  let hasNul = false;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    if (!hasNul && (chunk as Buffer).indexOf(0) !== -1) hasNul = true;
  }
  return { sha256: hash.digest("hex"), hasNul };
}

export interface ManifestEntry {
  file_id: number;
  file_name: string;
  source: string;
  entity: string;
  rows_loaded: number;
  rows_quarantined: number;
  finished_at: string;
}

export async function findLoaded(warehouse: Warehouse, sha256: string): Promise<ManifestEntry | undefined> {
  return warehouse.one<ManifestEntry>(
    `SELECT file_id, file_name, source, entity, rows_loaded, rows_quarantined,
            strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at
       FROM meta.load_manifest WHERE sha256 = $1`,
    [sha256],
  );
}

export interface ReplacedEntry {
  file_id: number;
  file_name: string;
  replaced_by: number;
  replaced_at: string;
}

/**
 * A version with this content that `slm ingest --replace` replaced (the newest, if several): it is known,
 * so a plain ingest of an inbox that still holds it does not load it again beside its replacement.
 */
export async function findReplaced(warehouse: Warehouse, sha256: string): Promise<ReplacedEntry | undefined> {
  if (!(await warehouse.tableExists("meta", "file_replacement"))) return undefined;
  return warehouse.one<ReplacedEntry>(
    `SELECT file_id::INTEGER AS file_id, file_name, replaced_by::INTEGER AS replaced_by,
            strftime(replaced_at, '%Y-%m-%d %H:%M:%S') AS replaced_at
       FROM meta.file_replacement WHERE sha256 = $1 ORDER BY replaced_at DESC, file_id DESC LIMIT 1`,
    [sha256],
  );
}
