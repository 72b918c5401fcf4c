import { existsSync } from "node:fs";
import type { Command } from "commander";
import { type IngestResult, ingestFiles } from "../../loaders/ingest.ts";
import { listInputs } from "../../loaders/inputs.ts";
import { brokenProfileMessage } from "../../loaders/profile.ts";
import { audit } from "../../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, progress, seconds, table } from "../output.ts";
import { projectProfiles } from "./profile.ts";

export interface IngestCommandOptions {
  profile?: string;
  json?: boolean;
  /** Load each file in place of its loaded version (slm ingest --replace). */
  replace?: boolean;
  /** Why the files are replaced (kept in meta.file_replacement). */
  reason?: string;
}

export async function ingestCommand(
  loaded: LoadedConfig,
  paths: string[],
  options: IngestCommandOptions,
): Promise<IngestResult[]> {
  // A replace takes rows out of raw: it is done to the files named, never to a whole inbox by default.
  if (options.replace && paths.length === 0) {
    throw new CliError(
      "--replace needs the files to load again, e.g. slm ingest --replace data/inbox/<file>",
    );
  }
  if (options.reason !== undefined && !options.replace) throw new CliError("--reason goes with --replace");
  const inputs = paths.length > 0 ? paths : [resolvePath(loaded, loaded.config.paths.inbox)];
  const files = listInputs(inputs);
  if (files.length === 0) throw new CliError(`no data files found in ${inputs.join(", ")}`);
  const profiles = projectProfiles(loaded);
  // Said once: the files a broken profile was meant for fail with its reason, the others load.
  for (const broken of profiles.broken) progress(`warning: ${brokenProfileMessage(broken)}`);
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
            progress(`${at} failed: ${result.error}`);
            return;
          }
          const filtered = result.rowsFiltered > 0 ? `, ${count(result.rowsFiltered)} filtered` : "";
          const replaced = result.replacedFileId !== null ? `, replacing file ${result.replacedFileId}` : "";
          const what =
            result.status === "skipped"
              ? `skipped: ${result.note}`
              : `${count(result.rowsLoaded)} loaded, ${count(result.rowsQuarantined)} quarantined${filtered}${replaced}`;
          progress(
            `${at} ${result.file} -> ${result.source}.${result.entity}: ${what} (${seconds(result.seconds)})`,
          );
          // With one file, the error line the command ends with says why; with more, each says it here.
          if (result.status === "failed" && total > 1) progress(`  failed: ${result.error}`);
          for (const warning of result.warnings) progress(`  warning: ${warning}`);
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
    { models: existsSync(resolvePath(loaded, loaded.config.paths.secret)) },
  );
}

export function printIngestSummary(results: IngestResult[]): void {
  // The filtered column only where a profile filters: most batches have none.
  const filtering = results.some((r) => r.rowsFiltered > 0);
  process.stdout.write(
    table(
      results.map((r) => ({
        file: r.file,
        source: r.source === null ? "" : `${r.source}.${r.entity}`,
        status: r.status,
        loaded: r.rowsLoaded,
        quarantined: r.rowsQuarantined,
        ...(filtering ? { filtered: r.rowsFiltered } : {}),
        seconds: Number(r.seconds.toFixed(2)),
        note:
          r.error !== null
            ? withoutFileName(r.error, r.file)
            : r.replacedFileId !== null
              ? `replaced file ${r.replacedFileId}`
              : (r.note ?? ""),
      })),
    ),
  );
}

/** A failure's reason names the file, as the table's first column does already. */
function withoutFileName(reason: string, file: string): string {
  return reason.startsWith(file) ? reason.slice(file.length).replace(/^: /, "") : reason;
}

/** A failed file makes the command fail, after every file was tried and the summary printed. */
export function ingestFailure(results: IngestResult[]): CliError | null {
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length === 0) return null;
  if (failed.length === 1) return new CliError(failed[0]!.error!);
  return new CliError(
    `${failed.length} of ${results.length} files failed: ${failed.map((r) => r.file).join(", ")} (each reason is above); the others were loaded or already loaded`,
  );
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("load extract files (default: every new file in the inbox) into the raw layer")
    .argument("[paths...]", "files or directories to load")
    .option("--profile <name>", "source profile to use for every file (default: matched by file name)")
    .option(
      "--replace",
      "load each file in place of its loaded version (same source and file name), e.g. after fixing its profile",
    )
    .option("--reason <text>", "with --replace: why, kept with the replaced version in meta.file_replacement")
    .option("--json", "print the per-file results as JSON")
    .action(async (paths: string[], options: IngestCommandOptions, command: Command) => {
      const results = await ingestCommand(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        paths,
        options,
      );
      if (options.json) printJson(results);
      else printIngestSummary(results);
      const failure = ingestFailure(results);
      if (failure) throw failure;
    });
}
