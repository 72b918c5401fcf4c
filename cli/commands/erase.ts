import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { removeEarlierReleases } from "../../pipelines/export.ts";
import {
  eraseRawRows,
  erasureHolding,
  pendingErasures,
  type RawErasure,
  recordErasure,
  setErasureStep,
} from "../../pipelines/privacy/erasure.ts";
import { audit } from "../../warehouse/audit.ts";
import { compactWarehouse } from "../../warehouse/compact.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { Warehouse, WarehouseLockedError } from "../../warehouse/connection.ts";
import { isOwned, removeOwned } from "../../warehouse/owned-folder.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, progress } from "../output.ts";
import { buildSite, forgetBuildData } from "../site/build.ts";
import { findPersonIds, lookupKind } from "./person.ts";
import { runCommand } from "./run.ts";

export interface EraseResult extends RawErasure {
  erasure_id: string;
  lookup: ReturnType<typeof lookupKind>;
  persons: number;
  identifiers: number;
  /** The value named a person erased before: that erasure was finished again, nothing new was recorded. */
  already_erased: boolean;
  releases_removed: number;
  site: SiteAfterErasure;
  run_id: number;
  bytes_before: number;
  bytes_after: number;
}

/** What became of the built site: it was built from releases that counted the person. */
export type SiteAfterErasure = "none" | "rebuilt" | "removed";

interface Finished {
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
async function rebuildSite(publishDir: string, siteDir: string): Promise<SiteAfterErasure> {
  if (!isOwned(siteDir, "site")) {
    await forgetBuildData((line) => progress(line));
    return "none";
  }
  progress(`rebuilding the site in ${siteDir}: it was built from data that still counted the erased`);
  try {
    await buildSite(publishDir, (line) => progress(`  ${line}`), siteDir);
    return "rebuilt";
  } catch (error) {
    removeOwned(siteDir, "site");
    progress(
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
async function finishErasures(loaded: LoadedConfig): Promise<Finished | null> {
  const started = await withWarehouse(
    loaded,
    async (warehouse) => {
      const pending = await pendingErasures(warehouse);
      let raw = NOTHING_RAW;
      await ensureAllRawTables(warehouse);
      for (const request of pending.filter((r) => r.step === "recorded")) {
        progress(`erasure ${request.erasure_id}: removing raw rows and quarantined lines`);
        raw = addRaw(raw, await eraseRawRows(warehouse, request.erasure_id));
      }
      return { erasures: pending.map((r) => r.erasure_id), raw };
    },
    { models: true },
  );
  if (started.erasures.length === 0) return null;
  progress("rebuilding derived tables and published files without the erased");
  // Raw rows changed in place (counts can stay the same), so every model is rebuilt.
  const run = await runCommand(loaded, true);
  const publishDir = resolvePath(loaded, loaded.config.paths.publish);
  // A release from before the erasure, compared with the new one, would show the person as a difference.
  const removed = removeEarlierReleases(publishDir);
  if (removed.length > 0) progress(`removed ${removed.length} earlier release(s): ${removed.join(", ")}`);
  const site = await rebuildSite(publishDir, resolvePath(loaded, loaded.config.paths.site));
  progress("compacting the warehouse file so the erased bytes are gone");
  const compacted = await compactWarehouse(
    resolvePath(loaded, loaded.config.paths.warehouse),
    loaded.config.warehouse,
  );
  await withWarehouse(loaded, async (warehouse) => {
    for (const id of started.erasures) await setErasureStep(warehouse, id, "done");
    await audit(warehouse, "erase (finished)", { erasures: started.erasures.length, run_id: run.runId });
  });
  return {
    ...started,
    releases_removed: removed.length,
    site,
    run_id: run.runId,
    bytes_before: compacted.bytesBefore,
    bytes_after: compacted.bytesAfter,
  };
}

/**
 * Run before every command: an erasure that `slm erase` did not finish (killed, power cut, full disk) is
 * finished first, so no command works on, or publishes from, a warehouse that still holds the person.
 * A read-only look costs ~15 ms; a warehouse in use by another process is left to that process.
 */
export async function resumeErasures(loaded: LoadedConfig): Promise<void> {
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
  progress(`finishing ${pending} interrupted erasure(s) before anything else`);
  await finishErasures(loaded);
}

export async function eraseCommand(loaded: LoadedConfig, value: string): Promise<EraseResult> {
  const lookup = lookupKind(value);
  const request = await withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("identity", "person_registry"))) {
        throw new CliError("no identity results yet: run `slm run` first");
      }
      const personIds = await findPersonIds(warehouse, value);
      const known = Number(
        await warehouse.scalar(
          "SELECT count(DISTINCT person_id) FROM identity.person_registry WHERE person_id IN (SELECT unnest($1::BIGINT[]))",
          [`[${personIds.join(",")}]`],
        ),
      );
      if (known === 0) {
        const earlier = lookup === "person_id" ? null : await erasureHolding(warehouse, value);
        if (!earlier) throw new CliError("no person found for that value; nothing was erased");
        // Erased before: go through its steps again, in case a row or a byte of them is still here.
        progress(`erasure ${earlier} already holds this value: finishing it again`);
        await setErasureStep(warehouse, earlier, "recorded");
        await audit(warehouse, "erase", { lookup_kind_erased_before: 1 });
        return { erasureId: earlier, persons: 0, identifiers: 0, alreadyErased: true };
      }
      const erasureId = randomUUID();
      progress(`erasing ${known} person(s): recording every identifier on the erasure list first`);
      const identifiers = await recordErasure(warehouse, {
        erasureId,
        lookup,
        personIds: personIds.filter((id) => id !== ""),
      });
      await audit(warehouse, "erase", { erasure_id: erasureId, lookup, persons: known, identifiers });
      return { erasureId, persons: known, identifiers, alreadyErased: false };
    },
    { models: true },
  );
  const finished = await finishErasures(loaded);
  if (!finished) throw new Error(`erasure ${request.erasureId} was recorded but is not pending`);
  return {
    erasure_id: request.erasureId,
    lookup,
    persons: request.persons,
    identifiers: request.identifiers,
    already_erased: request.alreadyErased,
    ...finished.raw,
    releases_removed: finished.releases_removed,
    site: finished.site,
    run_id: finished.run_id,
    bytes_before: finished.bytes_before,
    bytes_after: finished.bytes_after,
  };
}

export function registerErase(program: Command): void {
  program
    .command("erase")
    .description(
      "erase a person from every table and published file, keep them out of later loads, compact the warehouse",
    )
    .argument("<id|email|personnummer>", "a person_id, an e-mail address or a national ID")
    .option("--json", "print what was erased (counts only) as JSON")
    .action(async (value: string, options: { json?: boolean }, command: Command) => {
      const result = await eraseCommand(configFor(command.optsWithGlobals<GlobalOptions>()), value);
      if (options.json) return printJson(result);
      const rows = Object.values(result.raw_rows_deleted).reduce((sum, n) => sum + n, 0);
      const who = result.already_erased
        ? "a person erased before (finished again)"
        : `${count(result.persons)} person(s)`;
      process.stdout.write(
        `erasure ${result.erasure_id}: ${who}, ${count(rows)} raw rows deleted, ` +
          `${count(result.quarantine_rows_redacted)} quarantined lines removed, ${count(result.identifiers)} keyed hashes added to the erasure list; ` +
          `rebuilt in run ${result.run_id}; ${count(result.releases_removed)} earlier release(s) removed; site ${result.site === "none" ? "not built yet" : result.site}; ` +
          `warehouse file ${count(result.bytes_before)} -> ${count(result.bytes_after)} bytes\n`,
      );
    });
}
