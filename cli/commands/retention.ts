import type { Command } from "commander";
import { z } from "zod";
import { type RetentionApplyResult, retentionApply } from "../../app/retention-apply.ts";
import { retentionDue } from "../../app/retention-due.ts";
import { retentionLine } from "../../app/retention-line.ts";
import type { RetentionItem } from "../../pipelines/privacy/retention.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress, table } from "../output.ts";

const retentionOptions = z.object({ asOf: z.string().optional(), json: z.boolean().optional() });

/** `slm retention due` with its progress on stderr. */
export function retentionDueCommand(loaded: LoadedConfig, asOf?: string): Promise<RetentionItem[]> {
  return retentionDue(loaded, { asOf }, progress);
}

/** `slm retention apply` with its progress on stderr. */
export function retentionApplyCommand(loaded: LoadedConfig, asOf?: string): Promise<RetentionApplyResult> {
  return retentionApply(loaded, { asOf }, progress);
}

export function registerRetention(program: Command): void {
  const retention = program
    .command("retention")
    .description("retention periods from the configuration (retention.categories, retention.purposes)");
  retention
    .command("due")
    .description("list rows past their retention period, per category (every `slm run` prints this too)")
    .option("--as-of <date>", "the date periods are counted to (default: today)")
    .option("--json", "print the list as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(retentionOptions, raw);
      const due = await retentionDueCommand(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        options.asOf,
      );
      if (options.json) return printJson(due);
      process.stdout.write(table(due as unknown as Record<string, unknown>[]));
      process.stdout.write(`${retentionLine(due)}\n`);
    });
  retention
    .command("apply")
    .description(
      "delete or anonymise what is due in raw, rebuild derived tables and published files, compact the warehouse",
    )
    .option("--as-of <date>", "the date periods are counted to (default: today)")
    .option("--json", "print what was done (counts) as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(retentionOptions, raw);
      const result = await retentionApplyCommand(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        options.asOf,
      );
      if (options.json) return printJson(result);
      process.stdout.write(table(result.applied as unknown as Record<string, unknown>[]));
      const rows = result.applied.reduce((sum, item) => sum + item.rows, 0);
      process.stdout.write(
        `retention applied as of ${result.as_of}: ${rows} rows${result.run_id === null ? "" : `, rebuilt in run ${result.run_id}`}\n`,
      );
    });
}
