import { basename } from "node:path";
import { loadProfiles, type Profiles } from "../loaders/profile.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";

/** The built-in profiles and the project's own (`paths.profiles`), broken ones listed beside them. */
export function projectProfiles(loaded: LoadedConfig): Promise<Profiles> {
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

/** `slm profile list`: every profile the project would load with, broken ones and drafts below. */
export async function listProfiles(loaded: LoadedConfig): Promise<ProfileSummary[]> {
  return profileList(await projectProfiles(loaded));
}

export function profileList(profiles: Profiles): ProfileSummary[] {
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
