import { afterEach, describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

/**
 * A Ladok student keeps the national keys of every extract (an interim number may later be replaced by a
 * personnummer): each number once, sorted, none NULL, and an empty list for a student without one, whether
 * an extract repeats the number or not.
 */
describe("stg_ladok__students", () => {
  let warehouse: Warehouse | undefined;
  afterEach(() => warehouse?.close());

  it("lists each student's national keys from every extract, once each, sorted", async () => {
    warehouse = await modelWarehouse();
    await warehouse.run(`INSERT INTO raw.ladok__students (_file_id, _row, ladok_uid, personal_number, first_name)
      VALUES (1, 1, 'U1', '19900101-0017', 'a'), (2, 1, 'U1', '19121212-1212', 'b'), (3, 1, 'U1', '19900101-0017', 'c'),
             (3, 2, 'U1', NULL, 'd'), (3, 3, 'U1', 'not a number', 'e'), (1, 2, 'U2', NULL, 'f'), (2, 2, 'U2', '', 'g')`);
    await runModels(
      warehouse,
      undefined,
      discoverModels().filter((m) => m.name === "staging.stg_ladok__students"),
    );
    // both numbers are valid, so each has a key
    expect(
      await warehouse.scalar(
        "SELECT national_key('19900101-0017', 'se') IS NOT NULL AND national_key('19121212-1212', 'se') IS NOT NULL",
      ),
    ).toBe(true);
    expect(
      await warehouse.all(
        `SELECT national_keys = list_sort([national_key('19900101-0017', 'se'), national_key('19121212-1212', 'se')]) AS same,
                len(national_keys) AS keys
           FROM staging.stg_ladok__students
          ORDER BY student_key = system_key('ladok', 'U1') DESC`,
      ),
    ).toEqual([
      { same: true, keys: 2 },
      { same: false, keys: 0 },
    ]);
  });
});
