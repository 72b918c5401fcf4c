import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Warehouse } from "../warehouse/connection.ts";

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
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
