import { existsSync, statSync } from "node:fs";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

export interface StatusReport {
  warehouse: { path: string; bytes: number | null };
  sources: {
    source: string;
    entity: string;
    files: number;
    rows_loaded: number;
    rows_quarantined: number;
    last_loaded: string;
  }[];
  last_run: {
    run_id: number;
    status: string;
    started_at: string;
    finished_at: string | null;
    models: number | null;
    error: string | null;
  } | null;
}

/** `slm status`: what is loaded (per source and entity), when, how many rows, and the last pipeline run. */
export async function status(loaded: LoadedConfig, onProgress: Progress = silent): Promise<StatusReport> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path)) return { warehouse: { path, bytes: null }, sources: [], last_run: null };
  return withWarehouse(
    loaded,
    async (warehouse) => {
      const sources = await warehouse.all<StatusReport["sources"][number]>(
        `SELECT source, entity, count(*)::INTEGER AS files, sum(rows_loaded)::BIGINT AS rows_loaded,
                sum(rows_quarantined)::BIGINT AS rows_quarantined,
                strftime(max(finished_at), '%Y-%m-%d %H:%M:%S') AS last_loaded
           FROM meta.load_manifest GROUP BY ALL ORDER BY source, entity`,
      );
      const lastRun = await warehouse.one<NonNullable<StatusReport["last_run"]>>(
        `SELECT run_id, status, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_at,
                strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, models, error
           FROM meta.pipeline_run ORDER BY run_id DESC LIMIT 1`,
      );
      return { warehouse: { path, bytes: statSync(path).size }, sources, last_run: lastRun ?? null };
    },
    { readOnly: true, onProgress },
  );
}
