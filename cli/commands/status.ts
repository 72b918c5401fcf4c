import type { Command } from "commander";
import { z } from "zod";
import { status } from "../../app/status.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress, table } from "../output.ts";

const statusOptions = z.object({ json: z.boolean().optional() });

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("what is loaded, when, how many rows, and the last pipeline run")
    .option("--json", "print the status as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(statusOptions, raw);
      const report = await status(configFor(command.optsWithGlobals<GlobalOptions>()), progress);
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
