import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/**
 * The file a profile names (an include, a lookup file), resolved against the folder of the file that
 * names it, or why it may not be read. A profile is configuration someone may hand over with its files:
 * it may read what lies beside it, never `../../secret` or an absolute path elsewhere. Links are
 * followed before the check, so a link in the folder cannot point out of it either.
 */
export function besideProfile(
  named: string,
  from: string,
  root: string,
): { path: string } | { problem: string } {
  if (isAbsolute(named))
    return { problem: `"${named}" is an absolute path; name a file in the profile's folder` };
  const path = resolve(from, named);
  if (!existsSync(path)) return { problem: `"${named}" not found beside the profile` };
  const real = realpathSync(path);
  const inside = relative(realpathSync(root), real);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    return { problem: `"${named}" is outside the profile's folder; keep it beside the profile` };
  }
  return { path: real };
}
