import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type InferredColumn, inferProfile } from "../loaders/infer/infer-profile.ts";
import { matchProfile, ProfileError, type Profiles, parseProfile } from "../loaders/profile.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { Warehouse } from "../warehouse/connection.ts";
import { RequestError } from "./errors.ts";
import { projectProfiles } from "./profiles.ts";

export interface ProfileInferOptions {
  /** Map onto this contract (default: the best-matching one). */
  contract?: string | undefined;
  /** Write the draft here (as `<name>.draft.json` while it does not validate) instead of returning it only. */
  out?: string | undefined;
}

export interface ProfileDraft {
  /** The draft profile as JSON text. */
  json: string;
  columns: InferredColumn[];
  /** What the user should check before using the draft. */
  notes: string[];
  /** A profile that already matches the file's name ("more than one" when several do). */
  clash: string | null;
  /** Where the draft was written; null when `out` was not given. */
  written: string | null;
}

/** Where a draft goes: as asked when it validates (or is named as a draft), else beside it as a draft. */
function draftPath(out: string, valid: boolean): string {
  if (valid || /\.draft\.json$/i.test(out)) return out;
  return `${out.replace(/\.json$/i, "")}.draft.json`;
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

/**
 * `slm profile infer`: drafts a profile from an export. A draft with problems is never written where it
 * would be loaded as a profile: it would break the files it matches.
 */
export async function inferProfileDraft(
  loaded: LoadedConfig,
  file: string,
  options: ProfileInferOptions = {},
): Promise<ProfileDraft> {
  if (!existsSync(file)) throw new RequestError(`${file}: file not found`);
  // A private in-memory database: inference reads the file, never the warehouse.
  const scratch = await Warehouse.open(":memory:", { migrate: false });
  try {
    const inferred = await inferProfile(scratch, file, { contract: options.contract });
    const json = `${JSON.stringify(inferred.profile, null, 2)}\n`;
    let written: string | null = null;
    if (options.out) {
      written = draftPath(options.out, validates(inferred.profile));
      // `--out profiles/x.json` in a fresh project: the profiles folder may not be there yet
      mkdirSync(dirname(written), { recursive: true });
      writeFileSync(written, json);
    }
    return {
      json,
      columns: inferred.columns,
      notes: inferred.notes,
      clash: existingMatch(await projectProfiles(loaded), file),
      written,
    };
  } finally {
    scratch.close();
  }
}
