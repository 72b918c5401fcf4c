import { ensureAllRawTables } from "../loaders/raw-tables.ts";
import { type RetentionItem, retentionDue as rowsDue } from "../pipelines/privacy/retention.ts";
import { audit } from "../warehouse/audit.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";
import { retentionDate } from "./retention-date.ts";

/** `slm retention due`: rows past their retention period on `asOf` (default today), per category. */
export async function retentionDue(
  loaded: LoadedConfig,
  options: { asOf?: string | undefined } = {},
  onProgress: Progress = silent,
): Promise<RetentionItem[]> {
  const date = retentionDate(options.asOf);
  return withWarehouse(
    loaded,
    async (warehouse) => {
      await ensureAllRawTables(warehouse);
      const due = await rowsDue(warehouse, loaded.config.retention, date);
      await audit(warehouse, "retention due", { as_of: date, rows_due: due.reduce((s, i) => s + i.rows, 0) });
      return due;
    },
    { models: true, onProgress },
  );
}
