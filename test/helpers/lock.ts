import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./project.ts";

/** Starts a process holding the warehouse's write lock; resolves once it has the lock. */
export async function holdLock(
  path: string,
  ms = 30_000,
): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "test", "helpers", "hold-lock.ts"), path, String(ms)],
    {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  // A holder that already let go on its own (after `ms`) may be gone before its exit is seen: writing
  // "stop" then fails with EPIPE, which only says what release() waits for anyway.
  child.stdin!.on("error", () => undefined);
  await new Promise<void>((done, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) done();
    });
    child.on("exit", (code) => fail(new Error(`lock holder exited early (${code})`)));
  });
  const release = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.on("exit", () => done());
      child.stdin!.write("stop\n");
    });
  return { child, release };
}
