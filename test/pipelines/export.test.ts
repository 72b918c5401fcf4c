import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPublishTables } from "../../pipelines/export.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { tempProject } from "../helpers/project.ts";

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
    // what a deleted and re-made warehouse finds: releases of its run ids from before
    mkdirSync(join(project.dir, "data", ".publish.1"), { recursive: true });
    writeFileSync(join(project.dir, "data", ".publish.1", "pub_old.json"), "[]");
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
