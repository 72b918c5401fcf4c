import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { declaredDataTests, parseDataTest, runDataTests } from "../../pipelines/data-tests.ts";
import { discoverModels } from "../../pipelines/models.ts";
import { DataTestFailure } from "../../pipelines/runner.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { literalModelRuns } from "../helpers/models.ts";
import { tempProject } from "../helpers/project.ts";

function writeModel(root: string, layer: string, name: string, sql: string) {
  mkdirSync(join(root, layer), { recursive: true });
  writeFileSync(join(root, layer, `${name}.sql`), sql);
}

describe("data test declarations", () => {
  it("parses each kind from the model's comment lines", () => {
    const tests = declaredDataTests(
      [
        "-- grain: x",
        "-- test: unique(a, b)",
        "-- test: not_null(a)",
        "-- test: accepted_values(stage: inquiry, application)",
        "-- test: relationships(person_id -> core.dim_person.person_id)",
        "-- test: expect(num <= den)",
        "SELECT 1 -- not a test: unique(x)",
      ].join("\n"),
    );
    expect(tests).toEqual([
      { kind: "unique", columns: ["a", "b"], text: "unique(a, b)" },
      { kind: "not_null", columns: ["a"], text: "not_null(a)" },
      {
        kind: "accepted_values",
        column: "stage",
        values: ["inquiry", "application"],
        text: "accepted_values(stage: inquiry, application)",
      },
      {
        kind: "relationships",
        column: "person_id",
        schema: "core",
        table: "dim_person",
        to: "person_id",
        text: "relationships(person_id -> core.dim_person.person_id)",
      },
      { kind: "expect", expression: "num <= den", text: "expect(num <= den)" },
    ]);
  });

  it("rejects a malformed declaration, naming the model file", () => {
    expect(() => parseDataTest("unique()")).toThrow(/expected column names/);
    expect(() => parseDataTest("relationships(a -> b)")).toThrow(/schema\.table\.column/);
    expect(() => parseDataTest("sorted(a)")).toThrow(/unknown kind sorted/);
    const project = tempProject();
    try {
      writeModel(project.dir, "marts", "m", "-- grain: x\n-- test: not_null(a b)\nSELECT 1 AS a");
      expect(() => discoverModels(project.dir)).toThrow(/m\.sql: data test "not_null\(a b\)"/);
    } finally {
      project.remove();
    }
  });
});

describe("slm run with data tests", () => {
  const runs = literalModelRuns();
  afterEach(() => runs.close());
  const run = runs.run;

  const parent = "-- grain: one row per id\nSELECT * FROM (VALUES (1), (2)) AS t(id)";

  it("passes when every declared promise holds and counts the tests", async () => {
    const result = await run({
      "core.fct_parent": `${parent}\n-- test: unique(id)\n-- test: not_null(id)`,
      "marts.mart_child": [
        "-- grain: one row per child",
        "-- test: relationships(parent_id -> core.fct_parent.id)",
        "-- test: accepted_values(kind: a, b)",
        "-- test: expect(num <= den)",
        "SELECT * FROM (VALUES (1, 'a', 1, 2), (2, 'b', 2, 2), (NULL, NULL, 0, 0)) AS t(parent_id, kind, num, den)",
        "WHERE 1 = 1 OR EXISTS (SELECT 1 FROM core.fct_parent)",
      ].join("\n"),
    });
    expect(result.tests).toBe(5);
  });

  it.each([
    ["unique(id)", "SELECT * FROM (VALUES (1), (1), (2)) AS t(id)", 2],
    ["unique(id, v)", "SELECT * FROM (VALUES (1, NULL), (1, NULL), (1, 'x'), (2, 'x')) AS t(id, v)", 2],
    ["not_null(id, v)", "SELECT * FROM (VALUES (1, 'x'), (2, NULL), (NULL, 'y')) AS t(id, v)", 2],
    ["accepted_values(v: a, b)", "SELECT * FROM (VALUES ('a'), ('c'), (NULL)) AS t(v)", 1],
    ["relationships(id -> core.fct_parent.id)", "SELECT * FROM (VALUES (1), (3)) AS t(id)", 1],
    ["expect(num <= den)", "SELECT * FROM (VALUES (1, 2), (3, 2), (NULL, 1)) AS t(num, den)", 2],
  ])("a broken %s fails the run, naming model, test and failing rows", async (test, select, rows) => {
    const failed = run({
      "core.fct_parent": parent,
      "marts.mart_child": `-- grain: x\n-- test: ${test}\n${select} -- core.fct_parent\nWHERE EXISTS (SELECT 1 FROM core.fct_parent)`,
    });
    await expect(failed).rejects.toBeInstanceOf(DataTestFailure);
    await expect(failed).rejects.toThrow(
      `data tests failed: marts.mart_child: ${test} (${rows} row${rows === 1 ? "" : "s"})`,
    );
  });

  it("rolls the whole run back: the failed run is recorded and the previous tables stay", async () => {
    await run({ "marts.mart_x": "-- grain: x\n-- test: unique(id)\nSELECT 1 AS id" });
    await expect(
      run({ "marts.mart_x": "-- grain: x\n-- test: unique(id)\nSELECT * FROM (VALUES (7), (7)) AS t(id)" }),
    ).rejects.toThrow("marts.mart_x: unique(id) (2 rows)");
    const w = runs.warehouse;
    expect(await w.all("SELECT id FROM marts.mart_x")).toEqual([{ id: 1 }]);
    expect(await w.all("SELECT status, error FROM meta.pipeline_run ORDER BY run_id")).toEqual([
      { status: "ok", error: null },
      { status: "failed", error: "data tests failed: marts.mart_x: unique(id) (2 rows)" },
    ]);
  });
});

describe("unique tests", () => {
  // A unique test first counts distinct hashes of the key, and counts the rows exactly only when they fall short.
  it.each([
    ["keys unique as a whole, though each column repeats", "(1, 'a'), (1, 'b'), (2, 'a'), (NULL, 'a')", 0],
    ["the same key three times", "(1, 'a'), (1, 'a'), (1, 'a'), (2, 'a')", 3],
    ["NULL keys are one key, as GROUP BY has them", "(NULL, NULL), (NULL, NULL), (1, NULL)", 2],
  ])("%s: %i failing rows", async (_case, rows, failing) => {
    const warehouse = await Warehouse.open(":memory:");
    try {
      await warehouse.run(`CREATE TABLE t AS SELECT * FROM (VALUES ${rows}) AS v(id, v)`);
      const [result] = await runDataTests(warehouse, [parseDataTest("unique(id, v)")], "t");
      expect(result).toEqual({ test: "unique(id, v)", failingRows: failing });
    } finally {
      warehouse.close();
    }
  });
});
