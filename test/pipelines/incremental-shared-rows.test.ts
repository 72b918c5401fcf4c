import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SharedInputRows } from "../../pipelines/incremental.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { modelWarehouse } from "../helpers/models.ts";

/** A run's models as SharedInputRows sees them: which input each sums over, if any. */
const summing = (input: string) => ({ incremental: { input, key: "person_id", summing: ["n"] } });
const patched = (input: string) => ({ incremental: { input, key: "person_id" } });
const MODELS = [
  summing("core.msgs"), // 0
  patched("core.msgs"), // 1: patched, not summed: no reader of the shared rows
  summing("core.pairs"), // 2
  summing("core.msgs"), // 3: the last model summing over core.msgs
  { incremental: undefined }, // 4
];

describe("the changed keys' rows a run's summed models share", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await warehouse.run("CREATE TABLE core.msgs AS SELECT range AS person_id FROM range(10)");
  });
  afterEach(() => warehouse.close());

  const temporary = async () =>
    (
      await warehouse.all<{ name: string }>(
        "SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'slm_increment_rows_%' ORDER BY table_name",
      )
    ).map((row) => row.name);

  it("cuts the rows once per side and signature, and drops them after their input's last reader", async () => {
    const shared = new SharedInputRows(warehouse, MODELS);
    let cuts = 0;
    const select = (sql: string) => () => {
      cuts += 1;
      return sql;
    };
    const before = await shared.rows(
      "before|core.msgs|k",
      "core.msgs",
      select("SELECT * FROM core.msgs WHERE person_id < 3"),
    );
    expect(await shared.rows("before|core.msgs|k", "core.msgs", select("SELECT 1"))).toBe(before);
    const after = await shared.rows(
      "after|core.msgs|k",
      "core.msgs",
      select("SELECT * FROM core.msgs WHERE person_id < 4"),
    );
    expect(after).not.toBe(before);
    expect(cuts).toBe(2);
    expect(Number(await warehouse.scalar(`SELECT count(*) FROM ${before}`))).toBe(3);
    expect(Number(await warehouse.scalar(`SELECT count(*) FROM ${after}`))).toBe(4);
    const pairs = await shared.rows("before|core.pairs|k", "core.pairs", select("SELECT 1 AS person_id"));

    await shared.built(0);
    await shared.built(2);
    // core.pairs has no reader after model 2; core.msgs has model 3 still to come
    expect(await temporary()).toEqual([before, after].map((t) => t.replace("temp.", "")).sort());
    expect(await temporary()).not.toContain(pairs.replace("temp.", ""));
    await shared.built(3);
    expect(await temporary()).toEqual([]);
  });

  it("leaves no table behind when the run's build ends early", async () => {
    const shared = new SharedInputRows(warehouse, MODELS);
    await shared.rows("before|core.msgs|k", "core.msgs", () => "SELECT * FROM core.msgs");
    await shared.release();
    expect(await temporary()).toEqual([]);
  });
});
