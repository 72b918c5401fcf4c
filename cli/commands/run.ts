import type { Command } from "commander";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { expandCalendar } from "../../pipelines/calendar/expand.ts";
import { type ExportedFile, exportPublishTables } from "../../pipelines/export.ts";
import { describeReferenceDate, type ReferenceDate } from "../../pipelines/freshness/reference-date.ts";
import { type RetentionItem, retentionDue } from "../../pipelines/privacy/retention.ts";
import { type RunResult, runModels } from "../../pipelines/runner.ts";
import { audit } from "../../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { count, printJson, progress, seconds, table } from "../output.ts";

export interface RunCommandResult extends RunResult {
  published: ExportedFile[];
  /** Rows past their configured retention period, per category: `slm retention apply` removes them. */
  retention_due: RetentionItem[];
  /** The day the figures are as of, and where that day came from (flag, env, config, newest extract, clock). */
  reference_date: ReferenceDate;
}

/** One line naming what retention has made due, for every run's output. */
export function retentionLine(items: RetentionItem[]): string {
  const due = items.filter((item) => item.rows > 0);
  if (due.length === 0) return "retention: nothing due";
  const total = due.reduce((sum, item) => sum + item.rows, 0);
  const parts = due.map((item) => `${item.category} ${count(item.rows)} (${item.raw_table})`);
  return `retention: ${count(total)} rows due: ${parts.join(", ")}; \`slm retention apply\` removes them`;
}

export async function runCommand(
  loaded: LoadedConfig,
  full = false,
  asOf?: string,
): Promise<RunCommandResult> {
  return withWarehouse(
    loaded,
    async (warehouse, context) => {
      const reference = context.referenceDate;
      if (!reference) throw new Error("models registered without a reference date");
      progress(describeReferenceDate(reference));
      // Models read every source's raw table, so a source with no file yet is an empty table, not an error.
      await ensureAllRawTables(warehouse);
      const run = await runModels(
        warehouse,
        (result, index, total) =>
          progress(
            `[${index + 1}/${total}] ${result.model}: ${count(result.rows)} rows (${result.skipped ? "unchanged, kept" : `${seconds(result.seconds)}${result.incremental ? ", changed keys only" : ""}`})`,
          ),
        undefined,
        { track: true, skipUnchanged: !full },
      );
      progress(`${run.tests} data tests passed`);
      const published = await exportPublishTables(
        warehouse,
        resolvePath(loaded, loaded.config.paths.publish),
        run.runId,
        {
          institution: loaded.config.institution.name,
          locale: loaded.config.institution.locale,
          asOf: reference,
          privacy: loaded.config.privacy,
          intakes: expandCalendar(loaded.config.calendar).intakes,
        },
      );
      progress(`published ${published.length} tables to ${loaded.config.paths.publish}`);
      // Retention is a legal period counted from the real day, whatever day the figures are as of.
      const due = await retentionDue(
        warehouse,
        loaded.config.retention,
        new Date().toISOString().slice(0, 10),
      );
      progress(retentionLine(due));
      await audit(warehouse, "run", {
        run_id: run.runId,
        models: run.models.length,
        published: published.length,
        retention_due: due.reduce((sum, item) => sum + item.rows, 0),
      });
      return { ...run, published, retention_due: due, reference_date: reference };
    },
    { models: true, asOf },
  );
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
    .action(async (options: { json?: boolean; full?: boolean; asOf?: string }, command: Command) => {
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
