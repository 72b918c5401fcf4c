import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LoadError } from "../../loaders/errors.ts";
import { ScratchFile, scratchDiskFailure } from "../../loaders/scratch-file.ts";
import { LineWriter } from "../../loaders/xlsx/line-writer.ts";
import { tempProject } from "../helpers/project.ts";

const project = tempProject("slm-scratch-file-");
afterAll(() => project.remove());

describe("ScratchFile", () => {
  it("writes strings and bytes in order", async () => {
    const path = join(project.dir, "copy.txt");
    const file = new ScratchFile(path);
    await file.write("Åsa,");
    await file.write(Buffer.from("Öberg\n"));
    await file.close();
    expect(readFileSync(path, "utf8")).toBe("Åsa,Öberg\n");
  });

  // /dev/full fails every write with ENOSPC. Before, the stream's 'error' had no listener: the process
  // died, or a write waiting for 'drain' waited for ever.
  it.skipIf(!existsSync("/dev/full"))("a full disk rejects a write or the close, never hangs", async () => {
    const small = new ScratchFile("/dev/full");
    await small.write("fits in the stream's buffer");
    await expect(small.close()).rejects.toMatchObject({ code: "ENOSPC" });

    const large = new ScratchFile("/dev/full");
    const writes = (async () => {
      for (let i = 0; i < 100; i++) await large.write(Buffer.alloc(1 << 16));
    })();
    await expect(writes).rejects.toMatchObject({ code: "ENOSPC" });
    large.abort();

    const lines = new LineWriter("/dev/full");
    const written = (async () => {
      for (let i = 0; i < 10_000; i++) await lines.line("x".repeat(100));
      await lines.close();
    })();
    await expect(written).rejects.toMatchObject({ code: "ENOSPC" });
    lines.abort();
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
