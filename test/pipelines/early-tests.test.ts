import { afterEach, describe, expect, it } from "vitest";
import { declaredDataTests } from "../../pipelines/data-tests.ts";
import { testsToRunEarly } from "../../pipelines/early-tests.ts";
import type { Model } from "../../pipelines/models.ts";
import { literalModelRuns } from "../helpers/models.ts";

describe("testsToRunEarly", () => {
  const tests = declaredDataTests(
    [
      "-- test: unique(id)",
      "-- test: relationships(id -> core.fct_rebuilt.id)",
      "-- test: relationships(id -> core.fct_kept.id)",
      "-- test: relationships(id -> marts.mart_later.id)",
      "-- test: relationships(id -> raw.crm__contacts.contact_id)",
      "-- test: expect(id IN (SELECT id FROM core.fct_rebuilt))",
      "-- test: expect(coalesce(n, 0) >= 0)",
    ].join("\n"),
  );
  const model = { name: "core.fct_x", tests } as unknown as Model;

  it("runs a test now when what it reads is final or built already, pointing it at the new tables", () => {
    const early = testsToRunEarly(model, {
      models: new Set(["core.fct_x", "core.fct_rebuilt", "core.fct_kept", "marts.mart_later"]),
      rebuilt: new Set(["core.fct_rebuilt", "core.fct_x"]),
      kept: new Set(["core.fct_kept"]),
      nextSuffix: "__next",
    });
    expect(early.map((test) => [test.text, test.kind === "relationships" ? test.table : null])).toEqual([
      ["unique(id)", null],
      ["relationships(id -> core.fct_rebuilt.id)", "fct_rebuilt__next"],
      ["relationships(id -> core.fct_kept.id)", "fct_kept"],
      ["relationships(id -> raw.crm__contacts.contact_id)", "crm__contacts"],
      ["expect(coalesce(n, 0) >= 0)", null],
    ]);
  });
});

describe("tests that run while the models build", () => {
  const runs = literalModelRuns();
  afterEach(() => runs.close());

  it("check a relationship against the parent this run built, not the one before it", async () => {
    const models = (ids: string, childId: number) => ({
      "core.fct_parent": `-- grain: one row per id\nSELECT * FROM (VALUES ${ids}) AS t(id)`,
      "marts.mart_child": `-- grain: one row\n-- test: relationships(id -> core.fct_parent.id)\nSELECT ${childId} AS id FROM core.fct_parent LIMIT 1`,
    });
    await runs.run(models("(1)", 1));
    const second = await runs.run(models("(1), (2)", 2));
    expect(second.tests).toBe(1);
    await expect(runs.run(models("(1), (2)", 3))).rejects.toThrow(
      "data tests failed: marts.mart_child: relationships(id -> core.fct_parent.id) (1 row)",
    );
  });

  it("leave a relationship to a model built later in the run to the end, when it is built", async () => {
    // fct_a reads nothing, so it is built before mart_z, which its test names
    const models = (ids: string, aId: number) => ({
      "core.fct_a": `-- grain: one row\n-- test: relationships(id -> marts.mart_z.id)\nSELECT ${aId} AS id`,
      "marts.mart_z": `-- grain: one row per id\nSELECT * FROM (VALUES ${ids}) AS t(id)`,
    });
    await runs.run(models("(1)", 1));
    const order = (await runs.run(models("(1), (2)", 2))).models.map((result) => result.model);
    expect(order.indexOf("core.fct_a")).toBeLessThan(order.indexOf("marts.mart_z"));
    await expect(runs.run(models("(1), (2)", 3))).rejects.toThrow(
      "core.fct_a: relationships(id -> marts.mart_z.id)",
    );
  });

  it("stop the run on a test whose SQL cannot run, leaving the previous tables", async () => {
    await runs.run({ "marts.mart_x": "-- grain: one row\n-- test: expect(v > 0)\nSELECT 1 AS v" });
    await expect(
      runs.run({ "marts.mart_x": "-- grain: one row\n-- test: expect(no_such_column > 0)\nSELECT 2 AS v" }),
    ).rejects.toThrow(/no_such_column/);
    expect(await runs.warehouse.all("SELECT v FROM marts.mart_x")).toEqual([{ v: 1 }]);
  });
});
