import { existsSync } from "node:fs";
import { type IngestResult, ingestFiles } from "../loaders/ingest.ts";
import { listInputs } from "../loaders/inputs.ts";
import { brokenProfileMessage } from "../loaders/profile.ts";
import { audit } from "../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { RequestError } from "./errors.ts";
import { count, seconds } from "./format.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { projectProfiles } from "./profiles.ts";
import { type Progress, silent } from "./progress.ts";

export interface IngestOptions {
  /** Files or folders to load (default: the configured inbox). */
  paths?: string[];
  /** The source profile for every file (default: matched by file name). */
  profile?: string | undefined;
  /** Load each file in place of its loaded version (slm ingest --replace). */
  replace?: boolean | undefined;
  /** Why the files are replaced (kept in meta.file_replacement). */
  reason?: string | undefined;
}

/**
 * `slm ingest`: loads extract files into the raw layer, one result per file. A file that fails is reported
 * in its result, after every file was tried; the caller decides what a failure means.
 */
export async function ingest(
  loaded: LoadedConfig,
  options: IngestOptions = {},
  onProgress: Progress = silent,
): Promise<IngestResult[]> {
  const paths = options.paths ?? [];
  // A replace takes rows out of raw: it is done to the files named, never to a whole inbox by default.
  if (options.replace && paths.length === 0) {
    throw new RequestError(
      "--replace needs the files to load again, e.g. slm ingest --replace data/inbox/<file>",
    );
  }
  if (options.reason !== undefined && !options.replace)
    throw new RequestError("--reason goes with --replace");
  const inputs = paths.length > 0 ? paths : [resolvePath(loaded, loaded.config.paths.inbox)];
  const files = listInputs(inputs);
  if (files.length === 0) throw new RequestError(`no data files found in ${inputs.join(", ")}`);
  const profiles = await projectProfiles(loaded);
  // Said once: the files a broken profile was meant for fail with its reason, the others load.
  for (const broken of profiles.broken) onProgress(`warning: ${brokenProfileMessage(broken)}`);
  // With the key, the loaders recognise rows of erased persons (keyed hashes on meta.erasure_list).
  return withWarehouse(
    loaded,
    async (warehouse) => {
      const results = await ingestFiles(warehouse, files, {
        profiles,
        interimIssuer: loaded.config.institution.interimIssuer,
        profileName: options.profile,
        replace: options.replace,
        replaceReason: options.reason,
        onFile: (result, index, total) => {
          const at = `[${index + 1}/${total}]`;
          if (result.status === "failed" && result.fileId === null) {
            onProgress(`${at} failed: ${result.error}`);
            return;
          }
          const filtered = result.rowsFiltered > 0 ? `, ${count(result.rowsFiltered)} filtered` : "";
          const replaced = result.replacedFileId !== null ? `, replacing file ${result.replacedFileId}` : "";
          const what =
            result.status === "skipped"
              ? `skipped: ${result.note}`
              : `${count(result.rowsLoaded)} loaded, ${count(result.rowsQuarantined)} quarantined${filtered}${replaced}`;
          onProgress(
            `${at} ${result.file} -> ${result.source}.${result.entity}: ${what} (${seconds(result.seconds)})`,
          );
          // With one file, the error line the command ends with says why; with more, each says it here.
          if (result.status === "failed" && total > 1) onProgress(`  failed: ${result.error}`);
          for (const warning of result.warnings) onProgress(`  warning: ${warning}`);
        },
      });
      await audit(warehouse, "ingest", {
        files: results.length,
        loaded: results.filter((r) => r.status === "loaded").length,
        rows_loaded: results.reduce((sum, r) => sum + r.rowsLoaded, 0),
        rows_quarantined: results.reduce((sum, r) => sum + r.rowsQuarantined, 0),
        // the versions a --replace took out of raw (each is in meta.file_replacement with its reason)
        ...(options.replace ? { replaced: results.filter((r) => r.replacedFileId !== null).length } : {}),
      });
      return results;
    },
    { models: existsSync(resolvePath(loaded, loaded.config.paths.secret)), onProgress },
  );
}
