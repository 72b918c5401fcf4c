import { describe, expect, it } from "vitest";
import { discoverModels } from "../../pipelines/models.ts";

const models = discoverModels();
const keyed = models.filter((model) => model.layer === "staging" || model.layer === "core");

describe("the staging and core models state their grain as data tests", () => {
  it("finds the models", () => {
    expect(keyed.length).toBeGreaterThan(30);
  });

  it("each declares a unique test (its grain) and a not_null test (its keys)", () => {
    const lacking = keyed.flatMap((model) => {
      const kinds = new Set(model.tests.map((test) => test.kind));
      return [
        ...(kinds.has("unique") ? [] : [`${model.name}: no unique(...)`]),
        ...(kinds.has("not_null") ? [] : [`${model.name}: no not_null(...)`]),
      ];
    });
    expect(lacking).toEqual([]);
  });

  it("points every relationships test at a model that exists", () => {
    // a relationships test whose parent table is missing is skipped at run time, so a misspelt one never runs
    const names = new Set(models.map((model) => model.name));
    const dangling = models.flatMap((model) =>
      model.tests.flatMap((test) =>
        test.kind === "relationships" && !names.has(`${test.schema}.${test.table}`)
          ? [`${model.name}: ${test.text}`]
          : [],
      ),
    );
    expect(dangling).toEqual([]);
  });
});
