import { basename } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { checkProfile } from "../../app/profile-check.ts";
import { inferProfileDraft } from "../../app/profile-infer.ts";
import { listProfiles, type ProfileSummary } from "../../app/profiles.ts";
import type { InferredColumn } from "../../loaders/infer/infer-profile.ts";
import type { CheckReport } from "../../loaders/profile-check.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress, table } from "../output.ts";

const listOptions = z.object({ json: z.boolean().optional() });
const inferOptions = z.object({ contract: z.string().optional(), out: z.string().optional() });
const checkOptions = z.object({
  profile: z.string().optional(),
  profileFile: z.string().optional(),
  json: z.boolean().optional(),
});

function printProfileList(summaries: ProfileSummary[]): void {
  const out = process.stdout;
  const ok = summaries.filter((s) => s.status === "ok");
  out.write(table(ok.map(({ name, contract, match }) => ({ name, contract, match }))));
  const broken = summaries.filter((s) => s.status === "broken");
  if (broken.length > 0) {
    out.write("\nBROKEN (the files they match fail until fixed; every other file loads):\n");
    for (const b of broken) out.write(`  ${b.file}: ${b.problem}\n`);
  }
  const drafts = summaries.filter((s) => s.status === "draft");
  if (drafts.length > 0) {
    out.write("\ndrafts (not loaded; rename to <name>.json once slm profile check passes):\n");
    for (const d of drafts) out.write(`  ${d.file}\n`);
  }
}

/** A column's kind as read, a flag's spellings beside it (a Yes/No column is text to DuckDB). */
function kindShown(column: InferredColumn): string {
  if (column.flag) {
    const spelled = (values: string[]) => values.map((value) => JSON.stringify(value)).join(",");
    return `boolean ${spelled(column.flag.true)}/${spelled(column.flag.false)}`;
  }
  return column.type.kind + (column.type.format ? ` ${column.type.format}` : "");
}

const rows = (n: number) => `${count(n)} row${n === 1 ? "" : "s"}`;

function printCheck(report: CheckReport): void {
  const out = process.stdout;
  if (report.status === "failed") {
    out.write(`${report.file}: would not load at all\n`);
    return;
  }
  out.write(`${report.file} through profile "${report.profile}" -> ${report.contract}\n`);
  out.write(`  would load:        ${rows(report.rowsLoaded)}\n`);
  out.write(`  would quarantine:  ${rows(report.rowsQuarantined)}\n`);
  if (report.rowsFiltered > 0)
    out.write(`  filtered out:      ${rows(report.rowsFiltered)} (the profile's filter)\n`);
  if (report.rawRows !== report.rowsLoaded) out.write(`  raw rows:          ${count(report.rawRows)}\n`);
  for (const group of report.quarantine) {
    const where = group.column === null ? "" : ` in column "${group.column}"`;
    out.write(`\n${group.reason}${where}: ${rows(group.rows)}\n`);
    const examples = group.lines.map((line, i) => {
      const shape = group.shapes[i];
      return shape === null || shape === undefined
        ? `line ${line}`
        : `line ${line} shape ${JSON.stringify(shape)}`;
    });
    if (examples.length > 0) out.write(`  e.g. ${examples.join(", ")}\n`);
    if (group.fix) out.write(`  fix: ${group.fix}\n`);
  }
  if (report.quarantine.length > 0) {
    out.write(
      "\nvalues are shown by their shape (letters x, digits 9); nothing was written to the warehouse\n",
    );
  }
}

export function registerProfile(program: Command): void {
  const profile = program
    .command("profile")
    .description("source profiles: list them, draft one from a file, or try a file through one");
  profile
    .command("list")
    .description(
      "every source profile: name, contract and the file names it matches; broken profiles and drafts below",
    )
    .option("--json", "print the profiles as JSON (status ok, broken or draft)")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(listOptions, raw);
      const summaries = await listProfiles(configFor(command.optsWithGlobals<GlobalOptions>()));
      if (options.json) printJson(summaries);
      else printProfileList(summaries);
    });
  profile
    .command("infer")
    .description(
      "draft a profile from a file: encoding, delimiter, header line, types, field mapping, ids, flags, code lists",
    )
    .argument("<file>", "the export to inspect")
    .option("--contract <key>", "map onto this contract (default: the best-matching one)")
    .option(
      "--out <file>",
      "write the draft here instead of stdout (as <name>.draft.json, which nothing loads, while it does not validate)",
    )
    .action(async (file: string, raw: unknown, command: Command) => {
      const options = parseOptions(inferOptions, raw);
      const draft = await inferProfileDraft(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        file,
        options,
      );
      const columns = table(
        draft.columns.map((column) => ({
          header: column.header,
          kind: kindShown(column),
          field: column.field,
          similarity: column.score,
          looks: column.role ?? "",
        })),
      );
      // Line by line: progress() shows a line break inside a line as an escape.
      for (const line of columns.trimEnd().split("\n")) progress(line);
      for (const note of draft.notes) progress(`check: ${note}`);
      if (draft.clash) {
        progress(
          `check: profile "${draft.clash}" already matches ${basename(file)}: narrow one of the match patterns, or ingest with --profile`,
        );
      }
      if (draft.written === null) process.stdout.write(draft.json);
      else
        progress(
          draft.written === options.out
            ? `draft profile written to ${draft.written}; try it: slm profile check ${file} --profile-file ${draft.written}`
            : `the draft does not validate yet (see check: above), so it is written to ${draft.written}, which no command loads; fix it, try it with slm profile check ${file} --profile-file ${draft.written}, then rename it to ${options.out}`,
        );
    });
  profile
    .command("check")
    .description(
      "dry-run a file through its profile: rows that would load, be filtered, be quarantined (by reason, with the key to fix); the warehouse is not touched",
    )
    .argument("<file>", "the export to try")
    .option("--profile <name>", "use this profile (default: matched by file name)")
    .option("--profile-file <path>", "use this profile file, e.g. a draft from slm profile infer")
    .option("--json", "print the report as JSON")
    .action(async (file: string, raw: unknown, command: Command) => {
      const options = parseOptions(checkOptions, raw);
      const report = await checkProfile(configFor(command.optsWithGlobals<GlobalOptions>()), file, options);
      if (options.json) printJson(report);
      else printCheck(report);
      // Would the file fail at ingest: it cannot load, or every row it holds would be quarantined.
      if (report.status !== "ok") throw new CliError(report.error ?? `${report.file}: would not load`);
    });
}
