import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError } from "../errors.ts";
import { SITE_CACHE } from "./paths.ts";

const LOCK = join(dirname(SITE_CACHE), "slm-site-build.lock");
const WAIT_LIMIT_MS = 10 * 60 * 1000;

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
 * One site build at a time: Framework keeps its loader cache in src/.observablehq, and two builds at
 * once delete each other's outputs ("file conflict", ENOENT). A later build waits, saying so; a lock
 * left by a build that died is taken over.
 */
export async function withSiteBuildLock<T>(
  onWait: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(LOCK, "utf8"));
      } catch {
        continue; // released meanwhile
      }
      if (!alive(holder)) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_LIMIT_MS) {
        throw new CliError(
          `another site build (process ${holder}) has run for over 10 minutes; try again later`,
        );
      }
      if (!told) {
        onWait(`waiting for another site build (process ${holder}) to finish`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}
