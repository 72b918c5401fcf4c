import { ensureAllRawTables } from "../loaders/raw-tables.ts";
import { applyRetention, type RetentionItem } from "../pipelines/privacy/retention.ts";
import { audit } from "../warehouse/audit.ts";
import { compactWarehouse } from "../warehouse/compact.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";
import { retentionDate } from "./retention-date.ts";
import { run } from "./run.ts";

export interface RetentionApplyResult {
  as_of: string;
  applied: RetentionItem[];
  run_id: number | null;
}

/**
 * `slm retention apply`: removes what is due everywhere: deletes or anonymises it in raw (logged in
 * meta.retention_log with counts), rebuilds every derived table and published file from what is left, and
 * compacts the warehouse file so the removed values leave no bytes behind.
 */
export async function retentionApply(
  loaded: LoadedConfig,
  options: { asOf?: string | undefined } = {},
  onProgress: Progress = silent,
): Promise<RetentionApplyResult> {
  const date = retentionDate(options.asOf);
  const applied = await withWarehouse(
    loaded,
    async (warehouse) => {
      await ensureAllRawTables(warehouse);
      const done = await applyRetention(warehouse, loaded.config.retention, date);
      await audit(warehouse, "retention apply", {
        as_of: date,
        categories: done.map(({ category, raw_table, action, rows }) => ({
          category,
          raw_table,
          action,
          rows,
        })),
      });
      return done;
    },
    { models: true, onProgress },
  );
  for (const item of applied) {
    onProgress(
      `${item.category}: ${item.action} ${item.rows} rows of ${item.raw_table} older than ${item.period_days} days`,
    );
  }
  if (applied.every((item) => item.rows === 0)) return { as_of: date, applied, run_id: null };
  onProgress("rebuilding derived tables and published files");
  // Raw rows changed in place (counts can stay the same), so every model is rebuilt.
  const rebuilt = await run(loaded, { full: true }, onProgress);
  onProgress("compacting the warehouse file");
  await compactWarehouse(resolvePath(loaded, loaded.config.paths.warehouse), loaded.config.warehouse);
  return { as_of: date, applied, run_id: rebuilt.runId };
}
