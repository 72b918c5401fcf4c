import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { z } from "zod";

/**
 * The one place that decides what the product may replace or delete: only folders it made, which it
 * knows by a marker file written when it made them, never by their name. A name can be anybody's
 * (`--out ~`, a `paths.publish` pointing at a folder of reports); a marker is only ever written by slm.
 */
export const OWNED_MARKER = ".slm-owned";

/**
 * What a folder of ours is: the built site, a publish release, a build's private copy of a release, a
 * loader's scratch folder (a transcoded or unpacked copy of an extract).
 */
export type OwnedKind = "site" | "publish-release" | "release-copy" | "scratch";

const markerSchema = z.object({
  owner: z.literal("slm"),
  kind: z.enum(["site", "publish-release", "release-copy", "scratch"]),
  created: z.string(),
});

const KIND_NAMES: Record<OwnedKind, string> = {
  site: "site",
  "publish-release": "publish release",
  "release-copy": "site build's copy of a release",
  scratch: "loader's scratch folder",
};

/** A path the product would have to replace or delete but did not make; the message names it and the fix. */
export class NotOwnedError extends Error {
  override name = "NotOwnedError";
}

function notOwned(path: string, kind: OwnedKind, what: string, fix: string): NotOwnedError {
  return new NotOwnedError(
    `${path}: ${what} not made by slm (no ${OWNED_MARKER} of a ${KIND_NAMES[kind]}), so slm will not replace or delete it; ${fix}`,
  );
}

function lstat(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Where the marker is written before it is renamed into place. */
const MARKER_DRAFT = `${OWNED_MARKER}.partial`;

/**
 * Writes the marker into a folder the product has just made. It is written aside and renamed into place,
 * so a process killed while writing leaves either no marker or a whole one, never a torn one that would
 * make its own folder look like a user's.
 */
export function markOwned(dir: string, kind: OwnedKind): void {
  const marker = { owner: "slm", kind, created: new Date().toISOString() };
  writeFileSync(join(dir, MARKER_DRAFT), `${JSON.stringify(marker)}\n`);
  renameSync(join(dir, MARKER_DRAFT), join(dir, OWNED_MARKER));
}

/** The kind in a folder's marker; null when it has none or one that is not whole (or not ours). */
function markerKind(path: string): OwnedKind | null {
  let text: string;
  try {
    text = readFileSync(join(path, OWNED_MARKER), "utf8");
  } catch {
    return null;
  }
  try {
    const marker = markerSchema.safeParse(JSON.parse(text));
    return marker.success ? marker.data.kind : null;
  } catch {
    return null;
  }
}

/** A real folder (not a link to one) holding our marker for this kind. */
export function isOwned(path: string, kind: OwnedKind): boolean {
  return lstat(path)?.isDirectory() === true && markerKind(path) === kind;
}

/**
 * A folder with nothing in it but, at most, a marker being written or a torn one: what a process killed
 * between making a folder and marking it leaves. Nothing in it is anybody's. (A whole marker of another
 * kind is a folder of ours, not an empty one.)
 */
function isEmptyFolder(path: string): boolean {
  if (lstat(path)?.isDirectory() !== true) return false;
  return readdirSync(path).every(
    (name) => name === MARKER_DRAFT || (name === OWNED_MARKER && markerKind(path) === null),
  );
}

/**
 * Deletes an owned folder with its marker last, so a process killed halfway leaves a folder still
 * marked (or holding nothing else), which the next removal finishes; removing the marker early would
 * leave a half-deleted folder that no later run may touch.
 */
function removeOwnedFolder(path: string): void {
  for (const name of readdirSync(path)) {
    if (name !== OWNED_MARKER) rmSync(join(path, name), { recursive: true, force: true });
  }
  rmSync(join(path, OWNED_MARKER), { force: true });
  rmdirSync(path);
}

/** Makes a new folder and marks it; whatever is already at the path is refused, never taken over. */
export function makeOwnedFolder(path: string, kind: OwnedKind, fix = "move it away and try again"): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw notOwned(path, kind, "exists and was", fix);
    throw error;
  }
  markOwned(path, kind);
}

/**
 * Checks that the product may put a folder of this kind at path: nothing is there, an empty folder is
 * (which it takes over: there is nothing in it to lose), or a folder it made of the same kind. A file, a
 * link, a folder of the user's, or one of ours of another kind is refused with `fix` in the message.
 */
export function claimFolder(path: string, kind: OwnedKind, fix: string): "absent" | "empty" | "owned" {
  const stat = lstat(path);
  if (!stat) return "absent";
  if (stat.isSymbolicLink()) throw notOwned(path, kind, "is a link,", fix);
  if (!stat.isDirectory()) throw notOwned(path, kind, "is a file,", fix);
  if (isOwned(path, kind)) return "owned";
  if (isEmptyFolder(path)) return "empty";
  throw notOwned(path, kind, "is a folder", fix);
}

/**
 * For a link the product made to one of its folders: the name of the sibling it points at. Ours only
 * when it names a sibling by a bare name and that sibling carries our marker of this kind.
 */
export function ownedLinkTarget(link: string, kind: OwnedKind): string | null {
  if (!lstat(link)?.isSymbolicLink()) return null;
  const target = readlinkSync(link);
  if (target !== basename(target) || target === "." || target === "..") return null;
  return isOwned(join(dirname(link), target), kind) ? target : null;
}

/**
 * Checks that the product may replace the link at path: nothing is there, an empty folder (taken over),
 * or a link of its own (see ownedLinkTarget) whose target `accept`s. Returns that target, or null.
 */
export function claimLink(
  path: string,
  kind: OwnedKind,
  fix: string,
  accept: (target: string) => boolean = () => true,
): string | null {
  const stat = lstat(path);
  if (!stat) return null;
  if (stat.isSymbolicLink()) {
    const target = ownedLinkTarget(path, kind);
    if (target !== null && accept(target)) return target;
    throw notOwned(path, kind, "is a link to a folder", fix);
  }
  if (isEmptyFolder(path)) return null;
  throw notOwned(path, kind, stat.isDirectory() ? "is a folder" : "is a file,", fix);
}

/**
 * Deletes path when the product made it: a marked folder of this kind, a link of its own (the link only,
 * never what it points at), or an empty folder. Anything else is left alone. True when it removed
 * something.
 */
export function removeOwned(path: string, kind: OwnedKind): boolean {
  const stat = lstat(path);
  if (!stat) return false;
  if (stat.isSymbolicLink()) {
    if (ownedLinkTarget(path, kind) === null) return false;
    unlinkSync(path);
    return true;
  }
  if (isOwned(path, kind) || isEmptyFolder(path)) {
    removeOwnedFolder(path);
    return true;
  }
  return false;
}

/** The real path of the nearest existing ancestor, with the rest of the path appended. */
function realPathOf(path: string): string {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      rest.push(basename(at));
      at = parent;
    }
  }
}

function below(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Whether path lies below root (not root itself). Either as written or with links resolved: a project
 * reached through a link, or a data folder that is a link to a larger disk, is still the project's.
 */
export function isInsideFolder(root: string, path: string): boolean {
  return below(resolve(root), resolve(path)) || below(realPathOf(root), realPathOf(path));
}
