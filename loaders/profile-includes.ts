import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname } from "node:path";
import { ProfileError } from "./profile-error.ts";
import { besideProfile } from "./profile-paths.ts";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `over` laid on `base`: objects merge key by key (so a profile adds one entry to an included value map
 * without repeating the map), anything else — a list, a string — is replaced whole.
 */
export function mergeProfiles(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isObject(under) && isObject(value) ? mergeProfiles(under, value) : value;
  }
  return merged;
}

/** Reads a profile file's JSON, failing with the file's name. */
export function readProfileJson(path: string, origin = path): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw ProfileError.of(origin, [`not valid JSON: ${(error as Error).message}`]);
  }
}

/** The file names a profile's JSON lists under `includes`, when it lists any the right way. */
export function includedNames(value: unknown): string[] {
  if (!isObject(value) || !Array.isArray(value.includes)) return [];
  return value.includes.filter((name): name is string => typeof name === "string");
}

/**
 * A profile's JSON with its `includes` merged in, before it is validated: the parts in order (a later
 * part wins over an earlier one), then the profile's own keys over them all. Parts may include parts;
 * every one must lie in the profile's folder, and a part met again on the way is a cycle. Problems are
 * reported against the profile file (`origin`), naming the part.
 */
export function resolveIncludes(value: unknown, file: string): unknown {
  // Its real path, as the parts' are, so that a part including the profile itself is seen as a cycle.
  const real = realpathSync(file);
  return withParts(value, real, { origin: file, root: dirname(real), chain: [] });
}

interface Walk {
  origin: string;
  root: string;
  /** The files included on the way here, the profile first. */
  chain: string[];
}

function withParts(value: unknown, file: string, walk: Walk): unknown {
  if (!isObject(value) || value.includes === undefined) return value;
  const names = value.includes;
  const where = walk.chain.length === 0 ? "includes" : `includes (in ${basename(file)})`;
  const fail = (problem: string) => ProfileError.of(walk.origin, [`${where}: ${problem}`]);
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string" && name !== "")) {
    throw fail("expected a list of file names beside the profile");
  }
  const seen = [...walk.chain, file];
  let merged: Json = {};
  for (const name of names as string[]) {
    const found = besideProfile(name, dirname(file), walk.root);
    if ("problem" in found) throw fail(found.problem);
    if (seen.includes(found.path)) {
      const cycle = [...seen, found.path].map((path) => basename(path)).join(" -> ");
      throw fail(`"${name}" is included again (${cycle}): a cycle; remove one of these includes`);
    }
    let json: unknown;
    try {
      json = readProfileJson(found.path);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      throw fail(`"${name}": ${error.problems.join("; ")}`);
    }
    const part = withParts(json, found.path, { ...walk, chain: seen });
    if (!isObject(part)) throw fail(`"${name}" is not a JSON object of profile keys`);
    const { includes: _nested, ...keys } = part;
    merged = mergeProfiles(merged, keys);
  }
  return mergeProfiles(merged, value);
}
