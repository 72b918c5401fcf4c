import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slm, tempProject } from "../helpers/project.ts";
import {
  copyProject,
  manifestProblems,
  publishedContents,
  tableHashes,
  warehousePath,
  withOpened,
} from "./harness.ts";

/** A full disk and a read-only folder need a file system of their own: a small tmpfs (root only). */
function mountTmpfs(dir: string, megabytes: number): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir]).status === 0;
}
function umount(dir: string): void {
  spawnSync("umount", [dir]);
}
const probe = tempProject("slm-mount-");
const CAN_MOUNT = mountTmpfs(join(probe.dir, "m"), 1);
umount(join(probe.dir, "m"));
probe.remove();

function sha(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Exactly one line on stderr, the user's message (besides progress: `[n/m] ...`, the run's reference date). */
function oneLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("[") && !line.startsWith("reference date "));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("resource faults: a clear one-line message, earlier data intact", { timeout: 180_000 }, () => {
  let base: ReturnType<typeof tempProject>;
  let hashes: Record<string, string>;
  let published: Map<string, string>;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    base = tempProject("slm-faults-");
    expect(slm(base.dir, ["init"]).code).toBe(0);
    expect(slm(base.dir, ["demo", "generate", "--persons", "40", "--years", "1", "--seed", "5"]).code).toBe(
      0,
    );
    expect(slm(base.dir, ["ingest"]).code).toBe(0);
    expect(slm(base.dir, ["run"]).code).toBe(0);
    hashes = Object.fromEntries(await withOpened(base.dir, tableHashes));
    published = publishedContents(base.dir);
  });
  afterAll(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
    base.remove();
  });

  /** The base project's state, copied to `dir` (the published release keeps its symlink). */
  function copyOf(dir: string): string {
    copyProject(base.dir, dir, ["slm.config.json", "data"]);
    return dir;
  }

  function project(mount?: number): string {
    const scratch = tempProject("slm-faults-");
    cleanups.push(scratch.remove);
    const dir = join(scratch.dir, "p");
    if (mount) {
      expect(mountTmpfs(dir, mount)).toBe(true);
      cleanups.push(() => umount(dir));
    }
    return copyOf(dir);
  }

  async function expectIntact(dir: string): Promise<void> {
    expect(Object.fromEntries(await withOpened(dir, tableHashes))).toEqual(hashes);
    expect(publishedContents(dir)).toEqual(published);
  }

  it.skipIf(!CAN_MOUNT)(
    "disk full: run and ingest stop with one line, roll back, and work once there is space",
    async () => {
      const dir = project(64);
      // New extracts (another seed: same names, other content) for ingest to load.
      const later = join(dir, "later");
      mkdirSync(later);
      expect(slm(dir, ["demo", "generate", "--persons", "40", "--years", "1", "--seed", "6"]).code).toBe(0);
      cpSync(join(dir, "data", "inbox"), later, { recursive: true });
      rmSync(join(dir, "data", "truth"), { recursive: true });
      // the project's own extracts, and the new ones (the same kinds, among them the programme catalogue,
      // which is the same for every seed and so is skipped as already loaded)
      const first = (await withOpened(dir, manifestProblems)).rows.length;
      const extracts = readdirSync(later).length;
      const filler = join(dir, "filler");
      const { bavail, bsize } = statfsSync(dir);
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 48 * 1024)));
      // --full: a run with nothing changed keeps every table and writes almost nothing
      for (const args of [
        ["run", "--full"],
        ["ingest", later],
      ]) {
        const result = slm(dir, args);
        expect(result.code, args[0]).toBe(1);
        expect(oneLine(result.stderr)).toMatch(
          /^slm: disk full writing .*warehouse\.duckdb(\.wal)?: the step that was writing was rolled back and earlier data is unchanged; free some space and run again$/,
        );
      }
      rmSync(filler);
      // The run changed nothing; ingest kept the files it finished before the disk filled (one
      // transaction per file), each whole; loading again adds the rest.
      const after = await withOpened(dir, async (warehouse) => ({
        hashes: Object.fromEntries(await tableHashes(warehouse)),
        manifest: await manifestProblems(warehouse),
      }));
      expect(after.manifest.problems).toEqual([]);
      const loadedBefore = after.manifest.rows.length - first;
      for (const [table, hash] of Object.entries(hashes)) {
        if (!/^(raw|meta)\./.test(table)) expect(after.hashes[table], table).toBe(hash);
      }
      expect(publishedContents(dir)).toEqual(published);
      const again = slm(dir, ["ingest", later, "--json"]);
      expect(again.code).toBe(0);
      const results = JSON.parse(again.stdout) as { status: string; fileId: number }[];
      // Skipped: the files loaded before the disk filled, and any extract identical to one of the project's
      // own (where the disk fills decides which of those come first, so count them, not positions).
      const skipped = results.filter((r) => r.status === "skipped");
      expect(skipped.filter((r) => r.fileId > first)).toHaveLength(loadedBefore);
      expect(results.filter((r) => r.status === "loaded")).toHaveLength(extracts - skipped.length);
      expect((await withOpened(dir, manifestProblems)).problems).toEqual([]);
    },
  );

  it.skipIf(!CAN_MOUNT)(
    "scratch disk full: a workbook's working copy fails by the file's name, nothing is loaded",
    async () => {
      const dir = project();
      const scratch = join(dir, "..", "tmp");
      expect(mountTmpfs(scratch, 1)).toBe(true);
      cleanups.push(() => umount(scratch));
      const { bavail, bsize } = statfsSync(scratch);
      writeFileSync(join(scratch, "filler"), Buffer.alloc(bavail * bsize));
      const workbook = join(dir, "later", "alumni_members_2026-10-01.xlsx");
      mkdirSync(join(dir, "later"));
      cpSync(join(base.dir, "data", "inbox", "alumni_members_2026-10-01.xlsx"), workbook);
      // another version of the loaded workbook, so that ingest has to read it
      const bytes = readFileSync(workbook);
      writeFileSync(workbook, Buffer.concat([bytes, Buffer.alloc(1)]));
      const result = slm(dir, ["ingest", workbook], { TMPDIR: scratch });
      expect(result.code).toBe(1);
      expect(oneLine(result.stderr)).toMatch(
        /^slm: alumni_members_2026-10-01\.xlsx: could not write its working copy in .*tmp \(ENOSPC: no space left on device.*\); free space there or set TMPDIR to a disk with room$/,
      );
      await expectIntact(dir);
    },
  );

  it.skipIf(!CAN_MOUNT)("read-only data folder: writers stop with one line, readers still work", async () => {
    const dir = project(64);
    expect(spawnSync("mount", ["-o", "remount,ro", dir]).status).toBe(0);
    for (const args of [["run"], ["ingest"]]) {
      const result = slm(dir, args);
      expect(result.code, args[0]).toBe(1);
      expect(oneLine(result.stderr)).toMatch(
        /^slm: cannot write .*warehouse\.duckdb \(read-only file system\); nothing was changed: run slm where its data folder is writable$/,
      );
    }
    const status = slm(dir, ["status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/crm\s+contacts\s+1\s/);
    expect(spawnSync("mount", ["-o", "remount,rw", dir]).status).toBe(0);
    await expectIntact(dir);
  });

  it("missing key: run refuses with one line saying to restore it, and creates no new key", async () => {
    const dir = project();
    rmSync(join(dir, "data", ".secret"));
    const result = slm(dir, ["run"]);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(
      /^slm: .*\.secret: pseudonymisation key not found, but .*warehouse\.duckdb holds data pseudonymised with it; restore the key from your backup/,
    );
    expect(existsSync(join(dir, "data", ".secret"))).toBe(false);
    cpSync(join(base.dir, "data", ".secret"), join(dir, "data", ".secret"));
    await expectIntact(dir);
  });

  it("damaged warehouse file: every command says so in one line and leaves the file as it was", () => {
    const dir = project();
    const file = warehousePath(dir);
    const bytes = readFileSync(file);
    bytes.fill(0x21, 0, 4096);
    writeFileSync(file, bytes);
    const before = sha(file);
    for (const args of [["status"], ["ingest"], ["run"]]) {
      const result = slm(dir, args);
      expect(result.code, args[0]).toBe(1);
      expect(oneLine(result.stderr)).toMatch(
        /^slm: the warehouse file .*warehouse\.duckdb is damaged \(.*\); slm left it as it is: restore it from a backup, or move it away and load the extracts again/,
      );
    }
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}.wal`)).toBe(false);
  });

  it("a damaged block inside the file is reported the same way", () => {
    const dir = project();
    const file = warehousePath(dir);
    const bytes = readFileSync(file);
    // Garble every block past the header, so whatever the run reads first fails its checksum.
    for (let at = 3 * 4096 + 100; at < bytes.length; at += 4096) bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file, bytes);
    const result = slm(dir, ["run"]);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(
      /^slm: the warehouse file is damaged \(Corrupt database file: computed checksum .*\); slm left it as it is/,
    );
  });
});
