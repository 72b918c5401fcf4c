import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SiteBuildError } from "../errors.ts";
import { SITE_CACHE } from "./paths.ts";

const LOCK = join(dirname(SITE_CACHE), "slm-site-build.lock");
const WAIT_LIMIT_MS = 10 * 60 * 1000;
/** A lock file with no process id in it this long is left by a writer that died (older versions). */
const UNREADABLE_GRACE_MS = 5_000;

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock in one step with its holder's id already inside: a lock created empty and written
 * after was read as "" by a waiting build, taken for a dead holder's and removed, and two builds then
 * deleted each other's loader outputs (CI: "pub_funnel_by_intake.json: not published yet").
 */
function tryTake(lock: string): boolean {
  const mine = `${lock}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    linkSync(mine, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

/** The holder's id, or undefined when the lock is gone; NaN when it holds no id. */
function holderOf(lock: string): { pid: number; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(lock).mtimeMs;
    return { pid: Number.parseInt(readFileSync(lock, "utf8"), 10), ageMs };
  } catch {
    return undefined;
  }
}

/**
 * Removes a lock left by a dead holder. It is first moved aside under a name of our own, so that of two
 * builds clearing it at once, only one removes it, and never a lock a live build has just taken.
 */
function clearStale(lock: string, stalePid: number): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // cleared by another build meanwhile
  }
  const moved = holderOf(aside);
  if (moved && moved.pid !== stalePid && alive(moved.pid)) {
    // a live build took the lock between our look and our move: give it back
    try {
      linkSync(aside, lock);
    } catch {
      // someone holds it again; the live build keeps working, its lock file is the other one
    }
  }
  rmSync(aside, { force: true });
}

/**
 * One site build at a time: Framework keeps its loader cache in src/.observablehq, and two builds at
 * once delete each other's outputs ("file conflict", ENOENT). A later build waits, saying so; a lock
 * left by a build that died is taken over.
 */
export async function withSiteBuildLock<T>(
  onWait: (line: string) => void,
  work: () => Promise<T>,
  lock = LOCK,
): Promise<T> {
  mkdirSync(dirname(lock), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    if (tryTake(lock)) break;
    const holder = holderOf(lock);
    if (holder === undefined) continue; // released meanwhile
    const unreadable = Number.isNaN(holder.pid);
    if (unreadable ? holder.ageMs > UNREADABLE_GRACE_MS : !alive(holder.pid)) {
      clearStale(lock, holder.pid);
      continue;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new SiteBuildError(
        `another site build (process ${holder.pid}) has run for over 10 minutes; try again later`,
      );
    }
    if (!told) {
      onWait(`waiting for another site build (process ${unreadable ? "unknown" : holder.pid}) to finish`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
