import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { markOwned, removeOwned } from "../warehouse/owned-folder.ts";
import { LoadError } from "./errors.ts";

const SCRATCH = /^slm-[a-z0-9]+-(\d+)-/;

/**
 * A private temporary directory for a transcoded or converted copy of an extract. Its name carries our
 * process id, so a later run can tell the copies of a killed process (which still hold clear-text
 * personal data) from those of one still running.
 */
export function scratchDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `slm-${kind}-${process.pid}-`));
  markOwned(dir, "scratch");
  return dir;
}

/** Removes a scratch directory of this process, its marker last, so a kill halfway leaves it sweepable. */
export function removeScratch(dir: string): void {
  removeOwned(dir, "scratch");
}

/**
 * Removes the scratch directories of processes that are gone (killed before their cleanup ran): only
 * those slm marked as its own (or left empty, killed before the mark), never another program's folder
 * that happens to have a name like ours.
 */
export function sweepScratch(): string[] {
  const swept: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    const pid = SCRATCH.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    if (removeOwned(join(tmpdir(), name), "scratch")) swept.push(name);
  }
  return swept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Error codes that say the scratch disk, not the extract, is at fault. */
const SCRATCH_DISK_CODES = new Set(["ENOSPC", "EDQUOT", "EFBIG", "EROFS"]);

/**
 * The error of a working copy that could not be written (disk full, quota, read-only), as a LoadError
 * naming the extract and where the copy went; undefined for any other error. Without it, a full disk
 * while unpacking a workbook read as "not a readable .xlsx file".
 */
export function scratchDiskFailure(error: unknown, fileName: string): LoadError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !SCRATCH_DISK_CODES.has(code)) return undefined;
  return new LoadError(
    fileName,
    `could not write its working copy in ${tmpdir()} (${(error as Error).message}); free space there or set TMPDIR to a disk with room`,
  );
}
