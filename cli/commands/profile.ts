import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Command } from "commander";
import { type InferredColumn, inferProfile } from "../../loaders/infer/infer-profile.ts";
import {
  loadProfiles,
  matchProfile,
  type Profile,
  ProfileError,
  type Profiles,
  parseProfile,
  readProfileFile,
} from "../../loaders/profile.ts";
import { type CheckReport, checkFile } from "../../loaders/profile-check.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, progress, table } from "../output.ts";

/** The built-in profiles and the project's own (`paths.profiles`), broken ones listed beside them. */
export function projectProfiles(loaded: LoadedConfig): Profiles {
  return loadProfiles([resolvePath(loaded, loaded.config.paths.profiles)]);
}

export interface ProfileSummary {
  /** The profile's name; for a broken profile or a draft, its name if readable, else its file's. */
  name: string;
  contract: string | null;
  match: string | null;
  description: string;
  /** `ok`: usable; `broken`: the files it matches fail until it is fixed; `draft`: not loaded at all. */
  status: "ok" | "broken" | "draft";
  /** The profile file (broken profiles and drafts: where to fix it). */
  file: string | null;
  /** What is wrong with a broken profile, in one line. */
  problem: string | null;
}

export function profileList(profiles: Profiles = loadProfiles()): ProfileSummary[] {
  return [
    ...[...profiles.values()].map(({ name, contract, match, description }) => ({
      name,
      contract,
      match,
      description,
      status: "ok" as const,
      file: null,
      problem: null,
    })),
    ...profiles.broken.map((broken) => ({
      name: broken.name ?? basename(broken.file, ".json"),
      contract: null,
      match: broken.match,
      description: "",
      status: "broken" as const,
      file: broken.file,
      problem: broken.reason,
    })),
    ...profiles.drafts.map((file) => ({
      name: basename(file, ".draft.json"),
      contract: null,
      match: null,
      description: "",
      status: "draft" as const,
      file,
      problem: null,
    })),
  ];
}

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

/** Where a draft goes: as asked when it validates (or is named as a draft), else beside it as a draft. */
function draftPath(out: string, valid: boolean): string {
  if (valid || /\.draft\.json$/i.test(out)) return out;
  return `${out.replace(/\.json$/i, "")}.draft.json`;
}

/**
 * Drafts a profile; the JSON goes to stdout or --out, the notes for the user to stderr. A draft with
 * problems is never written where it would be loaded as a profile: it would break the files it matches.
 */
export async function profileInfer(
  file: string,
  options: { contract?: string; out?: string },
  profiles: Profiles = loadProfiles(),
): Promise<string | null> {
  // A private in-memory database: inference reads the file, never the warehouse.
  if (!existsSync(file)) throw new CliError(`${file}: file not found`);
  const scratch = await Warehouse.open(":memory:", { migrate: false });
  try {
    const inferred = await inferProfile(scratch, file, { contract: options.contract });
    const json = `${JSON.stringify(inferred.profile, null, 2)}\n`;
    const columns = table(
      inferred.columns.map((column) => ({
        header: column.header,
        kind: kindShown(column),
        field: column.field,
        similarity: column.score,
        looks: column.role ?? "",
      })),
    );
    // Line by line: progress() shows a line break inside a line as an escape.
    for (const line of columns.trimEnd().split("\n")) progress(line);
    for (const note of inferred.notes) progress(`check: ${note}`);
    const clash = existingMatch(profiles, file);
    if (clash) {
      progress(
        `check: profile "${clash}" already matches ${basename(file)}: narrow one of the match patterns, or ingest with --profile`,
      );
    }
    let written: string | null = null;
    if (options.out) {
      written = draftPath(options.out, validates(inferred.profile));
      // `--out profiles/x.json` in a fresh project: the profiles folder may not be there yet
      mkdirSync(dirname(written), { recursive: true });
      writeFileSync(written, json);
      progress(
        written === options.out
          ? `draft profile written to ${written}; try it: slm profile check ${file} --profile-file ${written}`
          : `the draft does not validate yet (see check: above), so it is written to ${written}, which no command loads; fix it, try it with slm profile check ${file} --profile-file ${written}, then rename it to ${options.out}`,
      );
    } else process.stdout.write(json);
    return written;
  } finally {
    scratch.close();
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

function validates(draft: Record<string, unknown>): boolean {
  try {
    parseProfile(draft, "draft");
    return true;
  } catch (error) {
    if (error instanceof ProfileError) return false;
    throw error;
  }
}

function existingMatch(profiles: Profiles, file: string): string | null {
  try {
    return matchProfile(profiles, file)?.name ?? null;
  } catch {
    return "more than one"; // several already match: the message says so
  }
}

export interface CheckCommandOptions {
  profile?: string;
  profileFile?: string;
  json?: boolean;
}

/** `slm profile check`: the file through its profile (or a draft), never touching the warehouse. */
export async function profileCheck(
  loaded: LoadedConfig,
  file: string,
  options: CheckCommandOptions,
): Promise<CheckReport> {
  if (!existsSync(file)) throw new CliError(`${file}: file not found`);
  if (options.profile && options.profileFile)
    throw new CliError("give --profile or --profile-file, not both");
  let profiles: Map<string, Profile> | Profiles = projectProfiles(loaded);
  let profileName = options.profile;
  if (options.profileFile) {
    // A draft, or any profile file: read as ingest would read it once in place.
    let draft: Profile;
    try {
      draft = readProfileFile(options.profileFile);
    } catch (error) {
      if (error instanceof ProfileError) throw new CliError(error.message, 1, true);
      throw error;
    }
    profiles = new Map([[draft.name, draft]]);
    profileName = draft.name;
  }
  return checkFile(file, {
    profiles,
    profileName,
    interimIssuer: loaded.config.institution.interimIssuer,
  });
}

const rows = (n: number) => `${count(n)} row${n === 1 ? "" : "s"}`;

export function printCheck(report: CheckReport): void {
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

/** Would the file fail at ingest: it cannot load, or every row it holds would be quarantined. */
export function checkFailure(report: CheckReport): CliError | null {
  if (report.status === "ok") return null;
  return new CliError(report.error ?? `${report.file}: would not load`);
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
    .action((options: { json?: boolean }, command: Command) => {
      const summaries = profileList(projectProfiles(configFor(command.optsWithGlobals<GlobalOptions>())));
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
    .action(async (file: string, options: { contract?: string; out?: string }, command: Command) => {
      await profileInfer(file, options, projectProfiles(configFor(command.optsWithGlobals<GlobalOptions>())));
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
    .action(async (file: string, options: CheckCommandOptions, command: Command) => {
      const report = await profileCheck(configFor(command.optsWithGlobals<GlobalOptions>()), file, options);
      if (options.json) printJson(report);
      else printCheck(report);
      const failure = checkFailure(report);
      if (failure) throw failure;
    });
}
