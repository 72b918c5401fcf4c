import type { Command } from "commander";
import { z } from "zod";
import { ingest } from "../../app/ingest.ts";
import type { IngestResult } from "../../loaders/ingest.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress } from "../output.ts";
import { printIngestSummary } from "../print/ingest-summary.ts";

const ingestOptions = z.object({
  profile: z.string().optional(),
  replace: z.boolean().optional(),
  reason: z.string().optional(),
  json: z.boolean().optional(),
});

export type IngestCommandOptions = Omit<z.infer<typeof ingestOptions>, "json">;

/** `slm ingest` with its progress on stderr. */
export function ingestCommand(
  loaded: LoadedConfig,
  paths: string[],
  options: IngestCommandOptions,
): Promise<IngestResult[]> {
  return ingest(loaded, { ...options, paths }, progress);
}

/** A failed file makes the command fail, after every file was tried and the summary printed. */
function ingestFailure(results: IngestResult[]): CliError | null {
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
    .action(async (paths: string[], raw: unknown, command: Command) => {
      const { json, ...options } = parseOptions(ingestOptions, raw);
      const results = await ingestCommand(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        paths,
        options,
      );
      if (json) printJson(results);
      else printIngestSummary(results);
      const failure = ingestFailure(results);
      if (failure) throw failure;
    });
}
