import { existsSync } from "node:fs";
import { type QualityReport, qualityReport } from "../loaders/quality.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

/**
 * `slm quality`: the quarantine by file and reason, with examples shown by their shape; `showValues` shows
 * the clear text (from the raw layer), and the audit entry records that it did (values_shown = 1).
 */
export async function quality(
  loaded: LoadedConfig,
  options: { showValues?: boolean } = {},
  onProgress: Progress = silent,
): Promise<QualityReport> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path)) throw new NotReadyError(`no warehouse yet at ${path}: run slm ingest first`);
  return withWarehouse(loaded, (warehouse) => qualityReport(warehouse, options), {
    readOnly: true,
    onProgress,
  });
}
