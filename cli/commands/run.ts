import type { Command } from "commander";
import { z } from "zod";
import { type RunReport, run } from "../../app/run.ts";
import { describeReferenceDate } from "../../pipelines/freshness/reference-date.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress, seconds, table } from "../output.ts";

const runOptions = z.object({
  full: z.boolean().optional(),
  json: z.boolean().optional(),
  asOf: z.string().optional(),
});

/** `slm run` with its progress on stderr. */
export function runCommand(loaded: LoadedConfig, full = false, asOf?: string): Promise<RunReport> {
  return run(loaded, { full, asOf }, progress);
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("build every pipeline model in dependency order and publish the site's data files")
    .option("--full", "rebuild every model, even those whose inputs have not changed since the last run")
    .option("--json", "print per-model results as JSON")
    .option(
      "--as-of <date>",
      "compute as of this day (YYYY-MM-DD); default: SLM_REFERENCE_DATE, else referenceDate in the config, else the newest loaded extract's date",
    )
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(runOptions, raw);
      const result = await runCommand(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        options.full,
        options.asOf,
      );
      if (options.json) return printJson(result);
      process.stdout.write(
        table(
          result.models.map((m) => ({
            model: m.model,
            rows: m.rows,
            seconds: Number(m.seconds.toFixed(2)),
            built: m.skipped ? "kept" : m.incremental ? "changed keys" : "built",
          })),
        ),
      );
      process.stdout.write(
        `run ${result.runId}: ${result.models.length} models (${result.models.filter((m) => m.skipped).length} unchanged and kept, ${result.models.filter((m) => m.incremental).length} rebuilt for their changed keys only), ${result.tests} data tests passed, in ${seconds(result.seconds)}; ${describeReferenceDate(result.reference_date)}\n`,
      );
    });
}
