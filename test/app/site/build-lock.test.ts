import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withSiteBuildLock } from "../../../app/site/build-lock.ts";

const dirs: string[] = [];
function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "slm-lock-"));
  dirs.push(dir);
  return join(dir, "build.lock");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withSiteBuildLock", () => {
  it("waits for a lock that is still being written (no id in it yet) instead of taking it over", async () => {
    const lock = lockPath();
    writeFileSync(lock, ""); // another build has created it and not yet written its id
    const lines: string[] = [];
    let ran = false;
    const waiting = withSiteBuildLock(
      (line) => lines.push(line),
      async () => {
        ran = true;
      },
      lock,
    );
    await sleep(700);
    expect(ran).toBe(false);
    expect(lines).toEqual(["waiting for another site build (process unknown) to finish"]);
    rmSync(lock);
    await waiting;
    expect(ran).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over a lock left by a dead build, or one with no id that is old", async () => {
    const lock = lockPath();
    const build = () =>
      withSiteBuildLock(
        () => {},
        async () => "built",
        lock,
      );
    writeFileSync(lock, "999999999");
    expect(await build()).toBe("built");
    writeFileSync(lock, "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(await build()).toBe("built");
  });

  it("lets one build work at a time", async () => {
    const lock = lockPath();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withSiteBuildLock(
          () => {},
          async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(60);
            inside--;
          },
          lock,
        ),
      ),
    );
    expect(most).toBe(1);
  });
});
