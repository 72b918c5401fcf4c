import { afterEach, describe, expect, it } from "vitest";
import { NEXT_SUFFIX, retarget } from "../../pipelines/runner.ts";
import { literalModelRuns } from "../helpers/models.ts";

describe("retarget", () => {
  it("points reads of models rebuilt in this run at their new tables, and nothing else", () => {
    const rebuilt = new Set(["staging.stg_a", "identity.person_registry"]);
    expect(
      retarget(
        "SELECT * FROM staging.stg_a JOIN staging.stg_ab USING (id) JOIN core.kept USING (id) JOIN Staging.STG_A USING (id)",
        "core.fct_x",
        rebuilt,
      ),
    ).toBe(
      `SELECT * FROM staging.stg_a${NEXT_SUFFIX} JOIN staging.stg_ab USING (id) JOIN core.kept USING (id) JOIN Staging.STG_A${NEXT_SUFFIX} USING (id)`,
    );
    // identity keeps state across runs: a model reads its own previous table
    expect(retarget("SELECT * FROM identity.person_registry", "identity.person_registry", rebuilt)).toBe(
      "SELECT * FROM identity.person_registry",
    );
  });
});

describe("slm run builds every model beside the old one and swaps them in together", () => {
  const runs = literalModelRuns();
  afterEach(() => runs.close());
  const run = runs.run;
  const leftovers = () =>
    runs.warehouse.all(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE ends_with(table_name, '${NEXT_SUFFIX}')`,
    );

  it("gives a model this run's version of what it reads", async () => {
    const models = (v: number) => ({
      "core.fct_parent": `-- grain: one row\nSELECT ${v} AS v`,
      "marts.mart_child": "-- grain: one row\nSELECT v * 10 AS v FROM core.fct_parent",
    });
    await run(models(1));
    await run(models(2));
    expect(await runs.warehouse.all("SELECT v FROM marts.mart_child")).toEqual([{ v: 20 }]);
    expect(await leftovers()).toEqual([]);
  });

  it("reports each model's rows as its table holds them, empty tables too", async () => {
    const result = await run({
      "core.fct_parent": "-- grain: one row per v\nSELECT * FROM range(3) AS t(v)",
      "marts.mart_child": "-- grain: one row per v\nSELECT v FROM core.fct_parent WHERE v > 5",
    });
    const rows = Object.fromEntries(result.models.map((model) => [model.model, model.rows]));
    expect(rows).toMatchObject({ "core.fct_parent": 3, "marts.mart_child": 0 });
    expect(
      await runs.warehouse.all(
        "SELECT model, rows FROM meta.model_run WHERE model NOT LIKE 'publish.%' ORDER BY model",
      ),
    ).toEqual([
      { model: "core.fct_parent", rows: 3 },
      { model: "marts.mart_child", rows: 0 },
    ]);
  });

  it("leaves every previous table and no new one behind when a model fails half-way", async () => {
    await run({
      "core.fct_parent": "-- grain: one row\nSELECT 1 AS v",
      "marts.mart_child": "-- grain: one row\nSELECT v FROM core.fct_parent",
    });
    await expect(
      run({
        "core.fct_parent": "-- grain: one row\nSELECT 2 AS v",
        "marts.mart_child": "-- grain: one row\nSELECT no_such_column FROM core.fct_parent",
      }),
    ).rejects.toThrow(/model marts\.mart_child .* failed/);
    expect(await runs.warehouse.all("SELECT v FROM core.fct_parent")).toEqual([{ v: 1 }]);
    expect(await leftovers()).toEqual([]);
    expect(
      await runs.warehouse.scalar("SELECT status FROM meta.pipeline_run ORDER BY run_id DESC LIMIT 1"),
    ).toBe("failed");
  });

  it("writes model tables without FSST during a run only, failed or not", async () => {
    const setting = "SELECT current_setting('disabled_compression_methods') AS m";
    await run({ "core.fct_setting": `-- grain: one row\n${setting}` });
    expect(await runs.warehouse.all("SELECT m FROM core.fct_setting")).toEqual([{ m: "FSST" }]);
    expect(await runs.warehouse.scalar(setting)).toBe("");
    await expect(run({ "core.fct_setting": "-- grain: one row\nSELECT no_such_column" })).rejects.toThrow();
    expect(await runs.warehouse.scalar(setting)).toBe("");
  });

  it("clears the new tables a killed run left before it builds", async () => {
    await run({ "marts.mart_x": "-- grain: one row\nSELECT 1 AS v" });
    await runs.warehouse.run(`CREATE TABLE marts.mart_gone${NEXT_SUFFIX} AS SELECT 1 AS v`);
    await run({ "marts.mart_x": "-- grain: one row\nSELECT 2 AS v" });
    expect(await leftovers()).toEqual([]);
    expect(await runs.warehouse.all("SELECT v FROM marts.mart_x")).toEqual([{ v: 2 }]);
  });
});
