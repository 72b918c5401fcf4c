import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SiteBuildError } from "../../../app/errors.ts";
import { holdRelease } from "../../../app/site/hold-release.ts";
import { isOwned, makeOwnedFolder } from "../../../warehouse/owned-folder.ts";

const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), "slm-hold-"));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

function release(dir: string, name: string, run: number): void {
  makeOwnedFolder(join(dir, name), "publish-release");
  writeFileSync(join(dir, name, "_manifest.json"), JSON.stringify({ run_id: run }));
  writeFileSync(join(dir, name, "pub_a.json"), JSON.stringify([{ run }]));
}

describe("holding on to the release a site build reads", () => {
  it("copies the release the publish path points at, which then outlives its deletion", () => {
    const dir = root();
    release(dir, ".publish.1", 1);
    symlinkSync(".publish.1", join(dir, "publish"));
    const held = join(dir, "held");
    expect(holdRelease(join(dir, "publish"), held)).toBe(held);
    // two runs publish meanwhile: the release the build started on is deleted
    rmSync(join(dir, ".publish.1"), { recursive: true });
    expect(JSON.parse(readFileSync(join(held, "pub_a.json"), "utf8"))).toEqual([{ run: 1 }]);
    expect(isOwned(held, "release-copy")).toBe(true);
    // the next build replaces its own copy
    release(dir, ".publish.2", 2);
    rmSync(join(dir, "publish"));
    symlinkSync(".publish.2", join(dir, "publish"));
    holdRelease(join(dir, "publish"), held);
    expect(JSON.parse(readFileSync(join(held, "_manifest.json"), "utf8"))).toEqual({ run_id: 2 });
  });

  it("fails with one line that says to build again when the release vanishes before it is copied", () => {
    const dir = root();
    // the link still names the release two runs have since deleted
    symlinkSync(".publish.1", join(dir, "publish"));
    const attempt = () => holdRelease(join(dir, "publish"), join(dir, "held"));
    expect(attempt).toThrow(SiteBuildError);
    expect(attempt).toThrow(
      /^[^\n]*changed while the site build read it[^\n]*slm site build[^\n]* again[^\n]*$/,
    );
    expect(readdirSync(dir)).toEqual(["publish"]);
  });

  it("does not replace a folder it did not make where the copy goes", () => {
    const dir = root();
    release(dir, ".publish.1", 1);
    symlinkSync(".publish.1", join(dir, "publish"));
    mkdirSync(join(dir, "held"));
    writeFileSync(join(dir, "held", "mine.txt"), "mine\n");
    expect(() => holdRelease(join(dir, "publish"), join(dir, "held"))).toThrow(/not made by slm/);
    expect(readdirSync(join(dir, "held"))).toEqual(["mine.txt"]);
  });
});
