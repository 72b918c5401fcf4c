import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LoadError } from "../../loaders/errors.ts";
import { scratchDir, scratchDiskFailure, sweepScratch } from "../../loaders/scratch.ts";
import { markOwned } from "../../warehouse/owned-folder.ts";

describe("sweepScratch", () => {
  it("removes the scratch folders of dead processes that slm marked, never a look-alike of someone else's", () => {
    const root = mkdtempSync(join(tmpdir(), "sweep-"));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = root;
    try {
      const dead = 999_999_999; // no such process
      const ours = join(root, `slm-xlsx-${dead}-abc`);
      mkdirSync(ours);
      markOwned(ours, "scratch");
      writeFileSync(join(ours, "copy.csv"), "personal data");
      const killedBeforeMark = join(root, `slm-utf8-${dead}-def`);
      mkdirSync(killedBeforeMark);
      const theirs = join(root, `slm-notes-${dead}-ghi`);
      mkdirSync(theirs);
      writeFileSync(join(theirs, "important.txt"), "x");
      const mine = scratchDir("utf8"); // this process is alive: kept
      expect(sweepScratch().sort()).toEqual([`slm-utf8-${dead}-def`, `slm-xlsx-${dead}-abc`]);
      expect(existsSync(ours)).toBe(false);
      expect(existsSync(killedBeforeMark)).toBe(false);
      expect(existsSync(join(theirs, "important.txt"))).toBe(true);
      expect(existsSync(mine)).toBe(true);
    } finally {
      process.env.TMPDIR = before;
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("scratchDiskFailure", () => {
  const failure = (code: string) => Object.assign(new Error(`${code}: something, write`), { code });

  it("names the extract and the scratch directory for a full disk, a quota or a read-only disk", () => {
    for (const code of ["ENOSPC", "EDQUOT", "EFBIG", "EROFS"]) {
      const error = scratchDiskFailure(failure(code), "members.xlsx");
      expect(error, code).toBeInstanceOf(LoadError);
      expect(error?.file).toBe("members.xlsx");
      expect(error?.message).toMatch(
        new RegExp(`^members\\.xlsx: could not write its working copy in .*${code}.*TMPDIR`),
      );
    }
  });

  it("leaves every other error to its own handling", () => {
    for (const error of [failure("ENOENT"), failure("EACCES"), new Error("bad zip"), "text", undefined]) {
      expect(scratchDiskFailure(error, "members.xlsx")).toBeUndefined();
    }
  });
});
