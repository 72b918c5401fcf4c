import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";

/**
 * A process killed while removing one of its folders, simulated: node:fs's rmSync deletes entries one at
 * a time in name order (so the marker, `.slm-owned`, would go first) and "dies" after a set number of
 * deletions. Every real removal goes through it, whole folders included.
 */
const killAfter = { deletions: Number.POSITIVE_INFINITY };
vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  const removeInOrder = (path: string): void => {
    const stat = real.lstatSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of real.readdirSync(path).sort()) removeInOrder(join(path, name));
    }
    if (killAfter.deletions-- <= 0) throw new Error("killed");
    if (stat.isDirectory()) real.rmdirSync(path);
    else real.unlinkSync(path);
  };
  const rmSync = (path: fs.PathLike, options?: fs.RmOptions) => {
    if (options?.recursive) removeInOrder(String(path));
    else real.rmSync(path, options);
  };
  return { ...real, default: { ...real, rmSync }, rmSync };
});

const { isOwned, makeOwnedFolder, removeOwned, OWNED_MARKER } = await import(
  "../../warehouse/owned-folder.ts"
);

const root = fs.mkdtempSync(join(tmpdir(), "slm-owned-killed-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it("a removal killed halfway leaves a folder still marked as ours, which the next removal finishes", () => {
  for (let deletions = 0; deletions < 4; deletions++) {
    const release = join(root, `.publish.${deletions}`);
    makeOwnedFolder(release, "publish-release");
    fs.mkdirSync(join(release, "deep"));
    // four things to delete besides the marker: a.json, b.json, deep/c.json, deep
    for (const name of ["a.json", "b.json", "deep/c.json"]) fs.writeFileSync(join(release, name), "[]");
    killAfter.deletions = deletions;
    expect(() => removeOwned(release, "publish-release")).toThrow("killed");
    expect(isOwned(release, "publish-release"), `killed after ${deletions} deletions`).toBe(true);
    expect(fs.readdirSync(release)).toContain(OWNED_MARKER);
    killAfter.deletions = Number.POSITIVE_INFINITY;
    expect(removeOwned(release, "publish-release")).toBe(true);
    expect(fs.existsSync(release)).toBe(false);
  }
});
