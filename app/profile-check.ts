import { existsSync } from "node:fs";
import { type Profile, type Profiles, readProfileFile } from "../loaders/profile.ts";
import { type CheckReport, checkFile } from "../loaders/profile-check.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { RequestError } from "./errors.ts";
import { projectProfiles } from "./profiles.ts";

export interface ProfileCheckOptions {
  /** Use this profile (default: the one whose pattern matches the file's name). */
  profile?: string | undefined;
  /** Use this profile file, e.g. a draft (read as ingest would read it once in place). */
  profileFile?: string | undefined;
}

/**
 * `slm profile check`: the file through its profile (or a draft), never touching the warehouse. A profile
 * file with problems throws its ProfileError, one problem per line.
 */
export async function checkProfile(
  loaded: LoadedConfig,
  file: string,
  options: ProfileCheckOptions = {},
): Promise<CheckReport> {
  if (!existsSync(file)) throw new RequestError(`${file}: file not found`);
  if (options.profile && options.profileFile)
    throw new RequestError("give --profile or --profile-file, not both");
  let profiles: Map<string, Profile> | Profiles = await projectProfiles(loaded);
  let profileName = options.profile;
  if (options.profileFile) {
    const draft = await readProfileFile(options.profileFile);
    profiles = new Map([[draft.name, draft]]);
    profileName = draft.name;
  }
  return checkFile(file, {
    profiles,
    profileName,
    interimIssuer: loaded.config.institution.interimIssuer,
  });
}
