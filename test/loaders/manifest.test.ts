import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { digestFile } from "../../loaders/manifest.ts";

describe("digestFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "slm-digest-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it("hashes the whole file and finds a NUL byte in any chunk, the last byte included", async () => {
    const bytes = Buffer.alloc(200_001, 0x61);
    expect(await digestFile(file("clean.csv", bytes))).toEqual({ sha256: sha256(bytes), hasNul: false });
    for (const at of [0, 65_535, 65_536, 150_000, 200_000]) {
      const withNul = Buffer.from(bytes);
      withNul[at] = 0;
      expect(await digestFile(file(`nul-${at}.csv`, withNul))).toEqual({
        sha256: sha256(withNul),
        hasNul: true,
      });
    }
  });

  it("an empty file has no NUL", async () => {
    expect(await digestFile(file("empty.csv", Buffer.alloc(0)))).toEqual({
      sha256: sha256(Buffer.alloc(0)),
      hasNul: false,
    });
  });
});
