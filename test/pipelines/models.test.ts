import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../pipelines/models.ts";
import { tempProject } from "../helpers/project.ts";

function writeModel(root: string, layer: string, name: string, sql: string) {
  mkdirSync(join(root, layer), { recursive: true });
  writeFileSync(join(root, layer, `${name}.sql`), sql);
}

describe("model discovery", () => {
  const projects: ReturnType<typeof tempProject>[] = [];
  afterEach(() => {
    for (const project of projects.splice(0)) project.remove();
  });
  const root = () => {
    const project = tempProject();
    projects.push(project);
    return project.dir;
  };

  it("finds dependencies in the SQL and orders models so each runs after what it reads", () => {
    const dir = root();
    writeModel(dir, "publish", "pub_a", "-- grain: x\nSELECT * FROM marts.mart_a JOIN core.fct_b USING (k)");
    writeModel(dir, "marts", "mart_a", "-- grain: x\nSELECT * FROM core.fct_b");
    writeModel(
      dir,
      "core",
      "fct_b",
      "-- grain: x\nSELECT * FROM staging.stg_s__b -- core.not_a_dependency\n",
    );
    writeModel(dir, "staging", "stg_s__b", "-- grain: x\nSELECT * FROM raw.s__b");
    const models = discoverModels(dir);
    expect(Object.fromEntries(models.map((m) => [m.name, m.dependsOn]))).toEqual({
      "staging.stg_s__b": [],
      "core.fct_b": ["staging.stg_s__b"],
      "marts.mart_a": ["core.fct_b"],
      "publish.pub_a": ["core.fct_b", "marts.mart_a"],
    });
    expect(buildOrder(models).map((m) => m.name)).toEqual([
      "staging.stg_s__b",
      "core.fct_b",
      "marts.mart_a",
      "publish.pub_a",
    ]);
  });

  it("reports a cycle, a missing model and a missing grain by file", () => {
    const cyclic = root();
    writeModel(cyclic, "marts", "m1", "-- grain: x\nSELECT * FROM marts.m2");
    writeModel(cyclic, "marts", "m2", "-- grain: x\nSELECT * FROM marts.m1");
    expect(() => buildOrder(discoverModels(cyclic))).toThrow("dependency cycle among: marts.m1, marts.m2");
    const missing = root();
    writeModel(missing, "marts", "m1", "-- grain: x\nSELECT * FROM core.nothing");
    expect(() => discoverModels(missing)).toThrow(/m1\.sql: reads core\.nothing, which no model builds/);
    const ungrained = root();
    writeModel(ungrained, "marts", "m1", "SELECT 1");
    expect(() => discoverModels(ungrained)).toThrow(/m1\.sql: a model must state its grain/);
  });

  it("the project's own models form a valid DAG, each with a grain", () => {
    const models = buildOrder(discoverModels());
    expect(models.length).toBeGreaterThanOrEqual(3);
    for (const model of models) expect(model.grain.length).toBeGreaterThan(5);
  });
});
