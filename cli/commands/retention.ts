import type { Command } from "commander";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { applyRetention, type RetentionItem, retentionDue } from "../../pipelines/privacy/retention.ts";
import { audit } from "../../warehouse/audit.ts";
import { compactWarehouse } from "../../warehouse/compact.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { printJson, progress, table } from "../output.ts";
import { retentionLine, runCommand } from "./run.ts";

export interface RetentionApplyResult {
  as_of: string;
  applied: RetentionItem[];
  run_id: number | null;
}

function asOfDate(value: string | undefined): string {
  const asOf = value ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new CliError(`--as-of: expected a date YYYY-MM-DD, got "${asOf}"`);
  }
  return asOf;
}

export async function retentionDueCommand(loaded: LoadedConfig, asOf?: string): Promise<RetentionItem[]> {
  const date = asOfDate(asOf);
  return withWarehouse(
    loaded,
    async (warehouse) => {
      await ensureAllRawTables(warehouse);
      const due = await retentionDue(warehouse, loaded.config.retention, date);
      await audit(warehouse, "retention due", { as_of: date, rows_due: due.reduce((s, i) => s + i.rows, 0) });
      return due;
    },
    { models: true },
  );
}

/**
 * Removes what is due everywhere: deletes or anonymises it in raw (logged in meta.retention_log with
 * counts), rebuilds every derived table and published file from what is left, and compacts the warehouse
 * file so the removed values leave no bytes behind.
 */
export async function retentionApplyCommand(
  loaded: LoadedConfig,
  asOf?: string,
): Promise<RetentionApplyResult> {
  const date = asOfDate(asOf);
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
    { models: true },
  );
  for (const item of applied) {
    progress(
      `${item.category}: ${item.action} ${item.rows} rows of ${item.raw_table} older than ${item.period_days} days`,
    );
  }
  if (applied.every((item) => item.rows === 0)) return { as_of: date, applied, run_id: null };
  progress("rebuilding derived tables and published files");
  // Raw rows changed in place (counts can stay the same), so every model is rebuilt.
  const run = await runCommand(loaded, true);
  progress("compacting the warehouse file");
  await compactWarehouse(resolvePath(loaded, loaded.config.paths.warehouse), loaded.config.warehouse);
  return { as_of: date, applied, run_id: run.runId };
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
    .action(async (options: { asOf?: string; json?: boolean }, command: Command) => {
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
    .action(async (options: { asOf?: string; json?: boolean }, command: Command) => {
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
