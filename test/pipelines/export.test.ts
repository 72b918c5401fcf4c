import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPublishTables, removeEarlierReleases } from "../../pipelines/export.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { makeOwnedFolder, NotOwnedError } from "../../warehouse/owned-folder.ts";
import { tempProject } from "../helpers/project.ts";

/** The marker a release made by the product carries (warehouse/owned-folder.ts). */
const MARKER = JSON.stringify({ owner: "slm", kind: "publish-release", created: "2026-01-01T00:00:00.000Z" });

describe("exporting a release whose run id was published before", () => {
  const project = tempProject("slm-export-");
  const dir = join(project.dir, "data", "publish");
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterAll(() => {
    warehouse?.close();
    project.remove();
  });

  const publish = async (runId: number, value: string) => {
    await warehouse.run(`CREATE OR REPLACE TABLE publish.pub_a AS SELECT '${value}' AS v`);
    await exportPublishTables(warehouse, dir, runId);
  };
  const published = () => JSON.parse(readFileSync(join(dir, "pub_a.json"), "utf8")) as { v: string }[];

  it("replaces a stale release left by an earlier warehouse (run ids restart at 1)", async () => {
    // what a deleted and re-made warehouse finds: releases of its run ids from before, marked as the product's
    mkdirSync(join(project.dir, "data", ".publish.1"), { recursive: true });
    writeFileSync(join(project.dir, "data", ".publish.1", "pub_old.json"), "[]");
    writeFileSync(join(project.dir, "data", ".publish.1", ".slm-owned"), MARKER);
    await publish(1, "new");
    expect(readlinkSync(dir)).toBe(".publish.1");
    expect(published()).toEqual([{ v: "new" }]);
    expect(existsSync(join(dir, "pub_old.json"))).toBe(false);
  });

  it("re-exports the published run in place and leaves no folder behind", async () => {
    await publish(1, "again");
    expect(readlinkSync(dir)).toBe(".publish.1");
    expect(published()).toEqual([{ v: "again" }]);
    expect(readdirSync(join(project.dir, "data")).sort()).toEqual([".publish.1", "publish"]);
  });
});

/** A warehouse with one publish table, and fresh project folders that are removed afterwards. */
function exportBench(prefix: string) {
  let warehouse: Warehouse | undefined;
  const projects: ReturnType<typeof tempProject>[] = [];
  return {
    project: () => {
      const made = tempProject(prefix);
      projects.push(made);
      return made.dir;
    },
    open: async () => {
      warehouse = await Warehouse.open(":memory:");
      await warehouse.run("CREATE OR REPLACE TABLE publish.pub_a AS SELECT 1 AS v");
      return warehouse;
    },
    close: () => {
      warehouse?.close();
      for (const made of projects) made.remove();
    },
  };
}

describe("the publish path and its releases are replaced only when the product made them", () => {
  const bench = exportBench("slm-export-owned-");
  const project = bench.project;
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await bench.open();
  });
  afterAll(bench.close);

  it("refuses a publish path that is a folder of the user's, and leaves it and its folder as they were", async () => {
    const root = project();
    const reports = join(root, "reports");
    mkdirSync(reports);
    writeFileSync(join(reports, "q1.txt"), "mine\n");
    await expect(exportPublishTables(warehouse, reports, 1)).rejects.toThrow(
      new RegExp(`^${reports}: .*not made by slm`),
    );
    expect(readdirSync(reports)).toEqual(["q1.txt"]);
    expect(readdirSync(root)).toEqual(["reports"]);
    // a second and third run (the old code deleted it two runs later) refuse the same way
    await expect(exportPublishTables(warehouse, reports, 2)).rejects.toThrow(/not made by slm/);
    await expect(exportPublishTables(warehouse, reports, 3)).rejects.toThrow(/not made by slm/);
    expect(readdirSync(reports)).toEqual(["q1.txt"]);
    expect(readdirSync(root)).toEqual(["reports"]);
  });

  it("refuses a publish path that is a link to anything but a release of its own", async () => {
    const root = project();
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere", "a.txt"), "mine\n");
    symlinkSync("elsewhere", join(root, "publish"));
    // a link to a sibling with a release's name that the product did not mark is not its either
    mkdirSync(join(root, ".publish.4"));
    writeFileSync(join(root, ".publish.4", "b.txt"), "mine\n");
    symlinkSync(".publish.4", join(root, "other"));
    await expect(exportPublishTables(warehouse, join(root, "publish"), 1)).rejects.toThrow(/not made by slm/);
    await expect(exportPublishTables(warehouse, join(root, "other"), 1)).rejects.toThrow(/not made by slm/);
    expect(readlinkSync(join(root, "publish"))).toBe("elsewhere");
    expect(readlinkSync(join(root, "other"))).toBe(".publish.4");
    expect(readdirSync(root).sort()).toEqual([".publish.4", "elsewhere", "other", "publish"]);
    expect(readdirSync(join(root, ".publish.4"))).toEqual(["b.txt"]);
  });

  it("refuses to replace a release of its run id that it did not mark, and leaves unmarked look-alikes alone", async () => {
    const root = project();
    const dir = join(root, "publish");
    for (const name of [".publish.1", ".publish.7", ".publish.8.old", ".publish.9.partial"]) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, "keep.txt"), "mine\n");
    }
    await expect(exportPublishTables(warehouse, dir, 1)).rejects.toThrow(
      new RegExp(`^${join(root, ".publish.1")}: .*not made by slm`),
    );
    await exportPublishTables(warehouse, dir, 2);
    await exportPublishTables(warehouse, dir, 3);
    await exportPublishTables(warehouse, dir, 4);
    expect(readlinkSync(dir)).toBe(".publish.4");
    expect(readdirSync(root).sort()).toEqual([
      ".publish.1",
      ".publish.3",
      ".publish.4",
      ".publish.7",
      ".publish.8.old",
      ".publish.9.partial",
      "publish",
    ]);
    for (const name of [".publish.1", ".publish.7", ".publish.8.old", ".publish.9.partial"]) {
      expect(readdirSync(join(root, name))).toEqual(["keep.txt"]);
    }
  });

  it("takes over an empty folder at the publish path and marks every release it writes", async () => {
    const root = project();
    const dir = join(root, "publish");
    mkdirSync(dir);
    await exportPublishTables(warehouse, dir, 1);
    expect(lstatSync(dir).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dir)).toBe(".publish.1");
    expect(JSON.parse(readFileSync(join(root, ".publish.1", ".slm-owned"), "utf8"))).toMatchObject({
      owner: "slm",
      kind: "publish-release",
    });
    expect(readdirSync(root).sort()).toEqual([".publish.1", "publish"]);
  });
});

describe("removing every release but the published one (for an erasure)", () => {
  const bench = exportBench("slm-export-earlier-");
  const project = bench.project;
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await bench.open();
  });
  afterAll(bench.close);

  it("deletes earlier, half-written and set-aside releases and stray links of its own, and nothing else", async () => {
    const root = project();
    const dir = join(root, "publish");
    for (const run of [1, 2, 3]) await exportPublishTables(warehouse, dir, run);
    // what killed runs leave: a half-written release, one set aside, a link not yet swapped in, an empty folder
    makeOwnedFolder(join(root, ".publish.4.partial"), "publish-release");
    writeFileSync(join(root, ".publish.4.partial", "pub_a.json"), "[]");
    makeOwnedFolder(join(root, ".publish.1.old"), "publish-release");
    symlinkSync(".publish.2", join(root, ".publish.2.link"));
    mkdirSync(join(root, ".publish.7.partial"));
    // and look-alikes of the user's
    mkdirSync(join(root, ".publish.9"));
    writeFileSync(join(root, ".publish.9", "keep.txt"), "mine\n");
    mkdirSync(join(root, "elsewhere"));
    symlinkSync("elsewhere", join(root, ".publish.8.link"));

    expect(removeEarlierReleases(dir).sort()).toEqual([
      ".publish.1.old",
      ".publish.2",
      ".publish.2.link",
      ".publish.4.partial",
      ".publish.7.partial",
    ]);
    expect(readlinkSync(dir)).toBe(".publish.3");
    expect(JSON.parse(readFileSync(join(dir, "_manifest.json"), "utf8"))).toMatchObject({ run_id: 3 });
    expect(readdirSync(root).sort()).toEqual([
      ".publish.3",
      ".publish.8.link",
      ".publish.9",
      "elsewhere",
      "publish",
    ]);
    expect(readdirSync(join(root, ".publish.9"))).toEqual(["keep.txt"]);
    expect(removeEarlierReleases(dir)).toEqual([]);
  });

  it("refuses a publish path that is not the product's, removing nothing", async () => {
    const root = project();
    await exportPublishTables(warehouse, join(root, "publish"), 1);
    await exportPublishTables(warehouse, join(root, "publish"), 2);
    const reports = join(root, "reports");
    mkdirSync(reports);
    writeFileSync(join(reports, "q1.txt"), "mine\n");
    mkdirSync(join(root, ".reports.1"));
    writeFileSync(join(root, ".reports.1", ".slm-owned"), MARKER);
    expect(() => removeEarlierReleases(reports)).toThrow(NotOwnedError);
    expect(readdirSync(root).sort()).toEqual([
      ".publish.1",
      ".publish.2",
      ".reports.1",
      "publish",
      "reports",
    ]);
    expect(removeEarlierReleases(join(root, "nothing", "publish"))).toEqual([]);
  });

  it("follows a link a killed run left on the set-aside copy of a re-exported release", async () => {
    const root = project();
    const dir = join(root, "publish");
    await exportPublishTables(warehouse, dir, 1);
    // killed while re-exporting run 1: the link names the copy set aside, the new release is half-written
    makeOwnedFolder(join(root, ".publish.1.old"), "publish-release");
    writeFileSync(join(root, ".publish.1.old", "_manifest.json"), JSON.stringify({ run_id: 1 }));
    makeOwnedFolder(join(root, ".publish.1.partial"), "publish-release");
    symlinkSync(".publish.1.old", join(root, "publish.next"));
    renameSync(join(root, "publish.next"), dir);
    await exportPublishTables(warehouse, dir, 2);
    expect(readlinkSync(dir)).toBe(".publish.2");
    // the copy it linked to is kept one run as the previous release, like any other
    expect(readdirSync(root).sort()).toEqual([".publish.1.old", ".publish.2", "publish"]);
    await exportPublishTables(warehouse, dir, 3);
    expect(readdirSync(root).sort()).toEqual([".publish.2", ".publish.3", "publish"]);
  });
});
