import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { printJson, table } from "../output.ts";

export interface StatusReport {
  warehouse: { path: string; bytes: number | null };
  sources: {
    source: string;
    entity: string;
    files: number;
    rows_loaded: number;
    rows_quarantined: number;
    last_loaded: string;
  }[];
  last_run: {
    run_id: number;
    status: string;
    started_at: string;
    finished_at: string | null;
    models: number | null;
    error: string | null;
  } | null;
}

export async function statusReport(loaded: LoadedConfig): Promise<StatusReport> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path)) return { warehouse: { path, bytes: null }, sources: [], last_run: null };
  return withWarehouse(
    loaded,
    async (warehouse) => {
      const sources = await warehouse.all<StatusReport["sources"][number]>(
        `SELECT source, entity, count(*)::INTEGER AS files, sum(rows_loaded)::BIGINT AS rows_loaded,
                sum(rows_quarantined)::BIGINT AS rows_quarantined,
                strftime(max(finished_at), '%Y-%m-%d %H:%M:%S') AS last_loaded
           FROM meta.load_manifest GROUP BY ALL ORDER BY source, entity`,
      );
      const lastRun = await warehouse.one<NonNullable<StatusReport["last_run"]>>(
        `SELECT run_id, status, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_at,
                strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, models, error
           FROM meta.pipeline_run ORDER BY run_id DESC LIMIT 1`,
      );
      return { warehouse: { path, bytes: statSync(path).size }, sources, last_run: lastRun ?? null };
    },
    { readOnly: true },
  );
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("what is loaded, when, how many rows, and the last pipeline run")
    .option("--json", "print the status as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await statusReport(configFor(command.optsWithGlobals<GlobalOptions>()));
      if (options.json) return printJson(report);
      const out = process.stdout;
      out.write(
        `warehouse: ${report.warehouse.path} ${report.warehouse.bytes === null ? "(not created yet: run slm ingest)" : `(${(report.warehouse.bytes / 1e6).toFixed(1)} MB)`}\n\n`,
      );
      out.write(table(report.sources));
      const run = report.last_run;
      out.write(
        run
          ? `\nlast run ${run.run_id}: ${run.status}, started ${run.started_at}, ${run.models ?? 0} models${run.error ? `, error: ${run.error}` : ""}\n`
          : "\nno pipeline run yet: run slm run\n",
      );
    });
}
