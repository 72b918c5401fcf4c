import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { inferProfile } from "../../loaders/infer/infer-profile.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { printJson, progress, table } from "../output.ts";

export interface ProfileSummary {
  name: string;
  contract: string;
  match: string;
  description: string;
}

export function profileList(): ProfileSummary[] {
  return [...loadProfiles().values()].map(({ name, contract, match, description }) => ({
    name,
    contract,
    match,
    description,
  }));
}

/** Drafts a profile; the JSON goes to stdout or --out, the notes for the user to stderr. */
export async function profileInfer(
  file: string,
  options: { contract?: string; out?: string },
): Promise<void> {
  // A private in-memory database: inference reads the file, never the warehouse.
  const scratch = await Warehouse.open(":memory:", { migrate: false });
  try {
    const inferred = await inferProfile(scratch, file, { contract: options.contract });
    const json = `${JSON.stringify(inferred.profile, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, json);
    else process.stdout.write(json);
    progress(
      table(
        inferred.columns.map((column) => ({
          header: column.header,
          kind: column.type.kind + (column.type.format ? ` ${column.type.format}` : ""),
          field: column.field,
          similarity: column.score,
        })),
      ).trimEnd(),
    );
    for (const note of inferred.notes) progress(`check: ${note}`);
    if (options.out) progress(`draft profile written to ${options.out}`);
  } finally {
    scratch.close();
  }
}

export function registerProfile(program: Command): void {
  const profile = program
    .command("profile")
    .description("source profiles: list them, or draft one from a file");
  profile
    .command("list")
    .description("every source profile: name, contract and the file names it matches")
    .option("--json", "print the profiles as JSON")
    .action((options: { json?: boolean }) => {
      const profiles = profileList();
      if (options.json) printJson(profiles);
      else
        process.stdout.write(table(profiles.map(({ name, contract, match }) => ({ name, contract, match }))));
    });
  profile
    .command("infer")
    .description(
      "draft a profile from a delimited file: encoding, delimiter, header line, types, field mapping",
    )
    .argument("<file>", "the export to inspect")
    .option("--contract <key>", "map onto this contract (default: the best-matching one)")
    .option("--out <file>", "write the draft here instead of stdout")
    .action((file: string, options: { contract?: string; out?: string }) => profileInfer(file, options));
}
