import type { Command } from "commander";
import { z } from "zod";
import { quality } from "../../app/quality.ts";
import type { QualityReport } from "../../loaders/quality.ts";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printable, printJson, progress, table } from "../output.ts";

const qualityOptions = z.object({ showValues: z.boolean().optional(), json: z.boolean().optional() });

/** `slm quality` with its progress on stderr. */
export function qualityCommand(
  loaded: LoadedConfig,
  options: { showValues?: boolean } = {},
): Promise<QualityReport> {
  return quality(loaded, options, progress);
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
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(qualityOptions, raw);
      const report = await qualityCommand(configFor(command.optsWithGlobals<GlobalOptions>()), {
        showValues: options.showValues ?? false,
      });
      if (options.json) printJson(report);
      else printQuality(report);
    });
}
