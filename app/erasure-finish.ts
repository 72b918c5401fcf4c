import { existsSync } from "node:fs";
import { ensureAllRawTables } from "../loaders/raw-tables.ts";
import { removeEarlierReleases } from "../pipelines/export.ts";
import {
  eraseRawRows,
  pendingErasures,
  type RawErasure,
  setErasureStep,
} from "../pipelines/privacy/erasure.ts";
import { audit } from "../warehouse/audit.ts";
import { compactWarehouse } from "../warehouse/compact.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { Warehouse, WarehouseLockedError } from "../warehouse/connection.ts";
import { isOwned, removeOwned } from "../warehouse/owned-folder.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";
import { run } from "./run.ts";
import { buildSite, forgetBuildData } from "./site/build.ts";

/** What became of the built site: it was built from releases that counted the person. */
export type SiteAfterErasure = "none" | "rebuilt" | "removed";

export interface FinishedErasures {
  erasures: string[];
  raw: RawErasure;
  releases_removed: number;
  site: SiteAfterErasure;
  run_id: number;
  bytes_before: number;
  bytes_after: number;
}

const NOTHING_RAW: RawErasure = { raw_rows_deleted: {}, quarantine_rows_redacted: 0 };

function addRaw(total: RawErasure, more: RawErasure): RawErasure {
  const deleted = { ...total.raw_rows_deleted };
  for (const [table, n] of Object.entries(more.raw_rows_deleted)) deleted[table] = (deleted[table] ?? 0) + n;
  return {
    raw_rows_deleted: deleted,
    quarantine_rows_redacted: total.quarantine_rows_redacted + more.quarantine_rows_redacted,
  };
}

/**
 * The site folder slm built (if any) is built again from the new release; if that fails it is removed,
 * and the analyst is told, since a site from before the erasure still counts the person.
 */
async function rebuildSite(
  publishDir: string,
  siteDir: string,
  onProgress: Progress,
): Promise<SiteAfterErasure> {
  if (!isOwned(siteDir, "site")) {
    await forgetBuildData(onProgress);
    return "none";
  }
  onProgress(`rebuilding the site in ${siteDir}: it was built from data that still counted the erased`);
  try {
    await buildSite(publishDir, (line) => onProgress(`  ${line}`), siteDir);
    return "rebuilt";
  } catch (error) {
    removeOwned(siteDir, "site");
    onProgress(
      `the site could not be rebuilt (${error instanceof Error ? error.message.split("\n")[0] : error}); removed ${siteDir}: run \`slm site build\``,
    );
    return "removed";
  }
}

/**
 * Takes every unfinished erasure to "done": raw rows and quarantined lines (if not yet), every model
 * rebuilt and published without them, then the warehouse file compacted so their bytes are gone. Each
 * step is idempotent, so a kill anywhere in here is mended by the next call. Returns null when nothing
 * was pending.
 */
export async function finishErasures(
  loaded: LoadedConfig,
  onProgress: Progress = silent,
): Promise<FinishedErasures | null> {
  const started = await withWarehouse(
    loaded,
    async (warehouse) => {
      const pending = await pendingErasures(warehouse);
      let raw = NOTHING_RAW;
      await ensureAllRawTables(warehouse);
      for (const request of pending.filter((r) => r.step === "recorded")) {
        onProgress(`erasure ${request.erasure_id}: removing raw rows and quarantined lines`);
        raw = addRaw(raw, await eraseRawRows(warehouse, request.erasure_id));
      }
      return { erasures: pending.map((r) => r.erasure_id), raw };
    },
    { models: true, onProgress },
  );
  if (started.erasures.length === 0) return null;
  onProgress("rebuilding derived tables and published files without the erased");
  // Raw rows changed in place (counts can stay the same), so every model is rebuilt.
  const rebuilt = await run(loaded, { full: true }, onProgress);
  const publishDir = resolvePath(loaded, loaded.config.paths.publish);
  // A release from before the erasure, compared with the new one, would show the person as a difference.
  const removed = removeEarlierReleases(publishDir);
  if (removed.length > 0) onProgress(`removed ${removed.length} earlier release(s): ${removed.join(", ")}`);
  const site = await rebuildSite(publishDir, resolvePath(loaded, loaded.config.paths.site), onProgress);
  onProgress("compacting the warehouse file so the erased bytes are gone");
  const compacted = await compactWarehouse(
    resolvePath(loaded, loaded.config.paths.warehouse),
    loaded.config.warehouse,
  );
  await withWarehouse(
    loaded,
    async (warehouse) => {
      for (const id of started.erasures) await setErasureStep(warehouse, id, "done");
      await audit(warehouse, "erase (finished)", {
        erasures: started.erasures.length,
        run_id: rebuilt.runId,
      });
    },
    { onProgress },
  );
  return {
    ...started,
    releases_removed: removed.length,
    site,
    run_id: rebuilt.runId,
    bytes_before: compacted.bytesBefore,
    bytes_after: compacted.bytesAfter,
  };
}

/**
 * Run before every operation: an erasure that `slm erase` did not finish (killed, power cut, full disk) is
 * finished first, so nothing works on, or publishes from, a warehouse that still holds the person.
 * A read-only look costs ~15 ms; a warehouse in use by another process is left to that process.
 */
export async function resumeErasures(loaded: LoadedConfig, onProgress: Progress = silent): Promise<void> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path)) return;
  let pending = 0;
  try {
    const warehouse = await Warehouse.open(path, { readOnly: true, onLocked: "fail" });
    try {
      pending = (await pendingErasures(warehouse)).length;
    } finally {
      warehouse.close();
    }
  } catch (error) {
    if (error instanceof WarehouseLockedError) return;
    throw error;
  }
  if (pending === 0) return;
  onProgress(`finishing ${pending} interrupted erasure(s) before anything else`);
  await finishErasures(loaded, onProgress);
}
