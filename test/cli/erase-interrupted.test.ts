import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, slmAsync, tempProject } from "../helpers/project.ts";
import { ERASED_EMAIL, MARKER, writeInbox } from "./privacy.fixture.ts";

const PERSONNUMMER = "9001011239";
const bytesHold = (file: string, needle: string) =>
  existsSync(file) && readFileSync(file).includes(Buffer.from(needle, "utf8"));

/** Starts `slm erase`, and SIGKILLs it on the first stderr line matching `at`. Resolves when it is dead. */
function eraseKilledAt(dir: string, value: string, at: RegExp): Promise<{ killed: boolean; stderr: string }> {
  const child = slmAsync(dir, ["erase", value], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    if (at.test(stderr)) child.kill("SIGKILL");
  });
  return new Promise((done) =>
    child.on("exit", (_code, signal) => done({ killed: signal === "SIGKILL", stderr })),
  );
}

describe("an interrupted slm erase", () => {
  const project = tempProject();
  const db = join(project.dir, "data", "warehouse.duckdb");

  beforeAll(() => {
    writeInbox(project.dir);
    createSecret(join(project.dir, "data", ".secret"));
    expect(slm(project.dir, ["ingest"]).code).toBe(0);
    expect(slm(project.dir, ["run"]).code).toBe(0);
  }, 180_000);
  afterAll(() => project.remove());

  it("is finished by the next command, and erasing the same value again finishes it, not 'no person found'", async () => {
    // Killed after the raw rows are gone and before the rebuild and the compaction: the bytes are still in
    // the file (DuckDB frees blocks without overwriting them), and identity no longer knows the person.
    const attempt = await eraseKilledAt(project.dir, ERASED_EMAIL, /^rebuilding derived tables/m);
    expect(attempt.killed, attempt.stderr).toBe(true);
    expect(bytesHold(db, MARKER) || bytesHold(`${db}.wal`, MARKER)).toBe(true);

    const next = slm(project.dir, ["status"]);
    expect(next.code, next.stderr).toBe(0);
    for (const needle of [MARKER, ERASED_EMAIL, PERSONNUMMER]) {
      expect(bytesHold(db, needle), needle).toBe(false);
      expect(bytesHold(`${db}.wal`, needle), needle).toBe(false);
    }
    expect(next.stderr).toMatch(/finishing 1 interrupted erasure/);

    const again = slm(project.dir, ["erase", ERASED_EMAIL, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ already_erased: true, persons: 0, identifiers: 0 });
    expect(slm(project.dir, ["erase", PERSONNUMMER]).code).toBe(0);
    expect(slm(project.dir, ["erase", "nobody@example.org"]).stderr).toBe(
      "slm: no person found for that value; nothing was erased\n",
    );
  }, 240_000);
});
