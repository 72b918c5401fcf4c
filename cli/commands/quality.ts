import { existsSync } from "node:fs";
import type { Command } from "commander";
import { type QualityReport, qualityReport } from "../../loaders/quality.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { printable, printJson, table } from "../output.ts";

export async function qualityCommand(
  loaded: LoadedConfig,
  options: { showValues?: boolean } = {},
): Promise<QualityReport> {
  const path = resolvePath(loaded, loaded.config.paths.warehouse);
  if (!existsSync(path)) throw new CliError(`no warehouse yet at ${path}: run slm ingest first`);
  // The audit entry (counts only) records values_shown = 1 when clear text was asked for.
  return withWarehouse(loaded, (warehouse) => qualityReport(warehouse, options), { readOnly: true });
}

function printQuality(report: QualityReport): void {
  const out = process.stdout;
  out.write(
    table(
      report.files.map((file) => ({
        file: file.file_name,
        profile: file.profile,
        read: file.rows_read,
        loaded: file.rows_loaded,
        quarantined: file.rows_quarantined,
      })),
    ),
  );
  if (report.quarantine.length === 0) {
    out.write("\nnothing quarantined\n");
    return;
  }
  for (const group of report.quarantine) {
    out.write(`\n${printable(group.file_name)}: ${group.reason} (${group.rows})\n`);
    for (const example of group.examples) {
      const where = [example.line !== null ? `line ${example.line}` : null, example.column_name]
        .filter(Boolean)
        .join(", ");
      const label = report.values_shown ? "value" : "shape";
      const value = example.value !== null ? ` ${label} ${printable(JSON.stringify(example.value))}` : "";
      const line = example.raw_line !== null ? ` | ${printable(example.raw_line.slice(0, 120))}` : "";
      out.write(`  ${where}:${value}${line}\n`);
    }
  }
  if (!report.values_shown) {
    out.write(
      "\nvalues are shown by their shape (letters x, digits 9); --show-values shows them and their lines\n",
    );
  }
}

export function registerQuality(program: Command): void {
  program
    .command("quality")
    .description("quarantined rows by file and reason, with counts and up to 3 example rows each")
    .option(
      "--show-values",
      "show the refused values and whole lines (clear text from the raw layer; the use is audited)",
    )
    .option("--json", "print the report as JSON")
    .action(async (options: { json?: boolean; showValues?: boolean }, command: Command) => {
      const report = await qualityCommand(configFor(command.optsWithGlobals<GlobalOptions>()), {
        showValues: options.showValues ?? false,
      });
      if (options.json) printJson(report);
      else printQuality(report);
    });
}
