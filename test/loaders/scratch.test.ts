import { describe, expect, it } from "vitest";
import { LoadError } from "../../loaders/errors.ts";
import { scratchDiskFailure } from "../../loaders/scratch.ts";

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
