import type { Command } from "commander";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { type ExportedFile, exportPublishTables } from "../../pipelines/export.ts";
import { type RunResult, runModels } from "../../pipelines/runner.ts";
import { audit } from "../../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { count, printJson, progress, seconds, table } from "../output.ts";

export interface RunCommandResult extends RunResult {
  published: ExportedFile[];
}

export async function runCommand(loaded: LoadedConfig): Promise<RunCommandResult> {
  return withWarehouse(
    loaded,
    async (warehouse) => {
      // Models read every source's raw table, so a source with no file yet is an empty table, not an error.
      await ensureAllRawTables(warehouse);
      const run = await runModels(warehouse, (result, index, total) =>
        progress(
          `[${index + 1}/${total}] ${result.model}: ${count(result.rows)} rows (${seconds(result.seconds)})`,
        ),
      );
      progress(`${run.tests} data tests passed`);
      const published = await exportPublishTables(
        warehouse,
        resolvePath(loaded, loaded.config.paths.publish),
        run.runId,
      );
      progress(`published ${published.length} tables to ${loaded.config.paths.publish}`);
      await audit(warehouse, "run", {
        run_id: run.runId,
        models: run.models.length,
        published: published.length,
      });
      return { ...run, published };
    },
    { models: true },
  );
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("build every pipeline model in dependency order and publish the site's data files")
    .option("--json", "print per-model results as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await runCommand(configFor(command.optsWithGlobals<GlobalOptions>()));
      if (options.json) return printJson(result);
      process.stdout.write(
        table(
          result.models.map((m) => ({ model: m.model, rows: m.rows, seconds: Number(m.seconds.toFixed(2)) })),
        ),
      );
      process.stdout.write(
        `run ${result.runId}: ${result.models.length} models, ${result.tests} data tests passed, in ${seconds(result.seconds)}\n`,
      );
    });
}
