import { existsSync, lstatSync, readdirSync, type Stats, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { LoadError } from "./errors.ts";
import { DATA_EXTENSIONS } from "./open-scan.ts";

/** A file ingest is asked to load. */
export interface InputFile {
  path: string;
  /**
   * Found by listing a folder (the inbox), not named on the command line. A folder is a place anyone
   * with access can drop things into, so only its regular files are read: a link there could lead
   * anywhere (/etc/passwd), and opening a named pipe blocks for ever. A path named on the command
   * line is the user's own choice and may be a link, but it must lead to a regular file.
   */
  listed: boolean;
}

const INBOX_ONLY = "the inbox reads regular files only";

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return "a device";
  return "not a file";
}

/**
 * Why a file is not read, or null for a regular file. Asked just before the file is read, so that a
 * link put in place of a listed file after the listing is still refused.
 */
export function refusal(input: InputFile): string | null {
  if (!input.listed) {
    const stats = statSync(input.path);
    return stats.isFile() ? null : `${specialKind(stats)}, not a regular file: name a regular file`;
  }
  const stats = lstatSync(input.path);
  if (stats.isFile()) return null;
  if (stats.isSymbolicLink()) {
    return `a symbolic link, not a file: ${INBOX_ONLY}; copy the file itself in, or name it on the command line`;
  }
  return `${specialKind(stats)}, not a regular file: ${INBOX_ONLY}; remove it`;
}

/**
 * The files to load: each path named, and in each folder named its entries with a data extension,
 * sorted (sub-folders passed over). Every named path must exist before anything loads.
 */
export function listInputs(paths: string[]): InputFile[] {
  const files: InputFile[] = [];
  for (const input of paths) {
    const path = resolve(input);
    if (!existsSync(path)) throw new LoadError(input, "no such file or directory");
    if (!statSync(path).isDirectory()) {
      files.push({ path, listed: false });
      continue;
    }
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (DATA_EXTENSIONS.test(entry.name) && !entry.isDirectory()) {
        files.push({ path: join(path, entry.name), listed: true });
      }
    }
  }
  return files;
}

/** The paths listInputs gives that would be read, for callers that report nothing of the rest. */
export function expandInputs(paths: string[]): string[] {
  return listInputs(paths)
    .filter((file) => refusal(file) === null)
    .map((file) => file.path);
}
