import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  claimFolder,
  isInsideFolder,
  isOwned,
  makeOwnedFolder,
  markOwned,
  NotOwnedError,
  OWNED_MARKER,
  ownedLinkTarget,
  removeOwned,
} from "../../warehouse/owned-folder.ts";

const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), "slm-owned-"));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

/** A folder of the user's: something in it, no marker. */
function usersFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, "mine.txt"), "mine\n");
  return path;
}

describe("folders the product made", () => {
  it("knows its own folder by the marker and the kind in it, not by name", () => {
    const dir = root();
    const site = join(dir, "dist");
    makeOwnedFolder(site, "site");
    expect(isOwned(site, "site")).toBe(true);
    expect(isOwned(site, "publish-release")).toBe(false);
    expect(isOwned(usersFolder(join(dir, "dist2")), "site")).toBe(false);
    // a marker that is not ours (not JSON, or another owner) does not count
    const forged = usersFolder(join(dir, "forged"));
    writeFileSync(join(forged, OWNED_MARKER), "yes");
    expect(isOwned(forged, "site")).toBe(false);
    writeFileSync(join(forged, OWNED_MARKER), JSON.stringify({ owner: "someone", kind: "site" }));
    expect(isOwned(forged, "site")).toBe(false);
    markOwned(forged, "site");
    expect(isOwned(forged, "site")).toBe(true);
    // a link to our folder is not our folder
    symlinkSync(site, join(dir, "link"));
    expect(isOwned(join(dir, "link"), "site")).toBe(false);
    // makeOwnedFolder never takes over what exists
    expect(() => makeOwnedFolder(join(dir, "dist2"), "site", "pick another")).toThrow(NotOwnedError);
    expect(() => makeOwnedFolder(join(dir, "dist2"), "site", "pick another")).toThrow(
      new RegExp(`^${join(dir, "dist2")}: .*not made by slm.*; pick another$`),
    );
  });

  it("claims a path that is free, an empty folder or its own folder of that kind, and refuses anything else", () => {
    const dir = root();
    expect(claimFolder(join(dir, "new"), "site", "fix")).toBe("absent");
    mkdirSync(join(dir, "empty"));
    expect(claimFolder(join(dir, "empty"), "site", "fix")).toBe("empty");
    makeOwnedFolder(join(dir, "ours"), "site");
    writeFileSync(join(dir, "ours", "index.html"), "");
    expect(claimFolder(join(dir, "ours"), "site", "fix")).toBe("owned");
    const refused = [
      usersFolder(join(dir, "users")),
      join(dir, "file.txt"),
      join(dir, "link"),
      join(dir, "release"),
      join(dir, "linked-empty"),
    ];
    writeFileSync(join(dir, "file.txt"), "mine\n");
    symlinkSync(join(dir, "ours"), join(dir, "link"));
    makeOwnedFolder(join(dir, "release"), "publish-release");
    symlinkSync(join(dir, "empty"), join(dir, "linked-empty"));
    for (const path of refused) {
      expect(() => claimFolder(path, "site", "choose another folder"), path).toThrow(NotOwnedError);
    }
    expect(readdirSync(join(dir, "users"))).toEqual(["mine.txt"]);
  });

  it("removes only what it made (or an empty folder), and says whether it did", () => {
    const dir = root();
    makeOwnedFolder(join(dir, "ours"), "site");
    mkdirSync(join(dir, "ours", "deep"));
    writeFileSync(join(dir, "ours", "deep", "a.json"), "[]");
    expect(removeOwned(join(dir, "ours"), "site")).toBe(true);
    expect(existsSync(join(dir, "ours"))).toBe(false);
    mkdirSync(join(dir, "empty"));
    expect(removeOwned(join(dir, "empty"), "site")).toBe(true);
    expect(existsSync(join(dir, "empty"))).toBe(false);
    expect(removeOwned(join(dir, "gone"), "site")).toBe(false);
    usersFolder(join(dir, "users"));
    expect(removeOwned(join(dir, "users"), "site")).toBe(false);
    makeOwnedFolder(join(dir, "release"), "publish-release");
    expect(removeOwned(join(dir, "release"), "site")).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["release", "users"]);
    expect(readdirSync(join(dir, "users"))).toEqual(["mine.txt"]);
  });

  it("treats a folder left with a torn marker, or one still being written, as empty: a killed mark loses nothing", () => {
    const dir = root();
    for (const [name, file, text] of [
      ["torn", OWNED_MARKER, ""],
      ["half", OWNED_MARKER, '{"owner":"slm","ki'],
      ["draft", `${OWNED_MARKER}.partial`, '{"owner":"slm","kind":"site"'],
    ] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, file), text);
      expect(claimFolder(join(dir, name), "publish-release", "fix"), name).toBe("empty");
      expect(removeOwned(join(dir, name), "publish-release"), name).toBe(true);
    }
    // a whole marker of another kind is a folder of ours, not an empty one
    makeOwnedFolder(join(dir, "site"), "site");
    expect(removeOwned(join(dir, "site"), "publish-release")).toBe(false);
    // a marker beside something else is not a folder to take over either
    mkdirSync(join(dir, "users"));
    writeFileSync(join(dir, "users", OWNED_MARKER), "");
    writeFileSync(join(dir, "users", "mine.txt"), "mine\n");
    expect(removeOwned(join(dir, "users"), "publish-release")).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["site", "users"]);
  });

  it("knows its own link: one that points at a marked sibling, by a bare name", () => {
    const dir = root();
    makeOwnedFolder(join(dir, ".publish.3"), "publish-release");
    usersFolder(join(dir, ".publish.4"));
    symlinkSync(".publish.3", join(dir, "publish"));
    symlinkSync(".publish.4", join(dir, "unmarked"));
    symlinkSync(join(dir, ".publish.3"), join(dir, "absolute"));
    symlinkSync(".publish.9", join(dir, "dangling"));
    symlinkSync("../x/.publish.3", join(dir, "elsewhere"));
    expect(ownedLinkTarget(join(dir, "publish"), "publish-release")).toBe(".publish.3");
    for (const name of ["unmarked", "absolute", "dangling", "elsewhere", ".publish.3"]) {
      expect(ownedLinkTarget(join(dir, name), "publish-release"), name).toBeNull();
    }
    expect(ownedLinkTarget(join(dir, "publish"), "site")).toBeNull();
    // removing our link removes the link, never what it points at; a link not ours stays
    expect(removeOwned(join(dir, "unmarked"), "publish-release")).toBe(false);
    expect(removeOwned(join(dir, "publish"), "publish-release")).toBe(true);
    expect(existsSync(join(dir, "publish"))).toBe(false);
    expect(isOwned(join(dir, ".publish.3"), "publish-release")).toBe(true);
    expect(readdirSync(join(dir, ".publish.4"))).toEqual(["mine.txt"]);
  });
});

describe("paths inside a folder", () => {
  it("is inside when below it, however spelt; not the folder itself, its parents or a look-alike sibling", () => {
    const dir = root();
    const project = join(dir, "project");
    mkdirSync(project);
    expect(isInsideFolder(project, join(project, "dist"))).toBe(true);
    expect(isInsideFolder(project, join(project, "data", "..", "site", "x"))).toBe(true);
    expect(isInsideFolder(project, project)).toBe(false);
    expect(isInsideFolder(project, join(project, "data", "..", ".."))).toBe(false);
    expect(isInsideFolder(project, dir)).toBe(false);
    expect(isInsideFolder(project, `${project}-site`)).toBe(false);
    expect(isInsideFolder(project, join(project, "..", "etc"))).toBe(false);
    // the project named through a link is the same folder
    symlinkSync(project, join(dir, "alias"));
    expect(isInsideFolder(join(dir, "alias"), join(project, "dist"))).toBe(true);
    expect(isInsideFolder(project, join(dir, "alias", "dist"))).toBe(true);
  });
});
