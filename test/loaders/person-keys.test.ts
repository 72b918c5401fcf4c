import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { contractColumns, rawTableName } from "../../loaders/contract.ts";
import { CONTRACTS } from "../../loaders/contracts.ts";
import { PERSON_KEYS, quarantineErasedRows } from "../../loaders/person-keys.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { PSEUDONYM_PATTERN } from "../../warehouse/pseudonym.ts";
import { modelWarehouse } from "../helpers/models.ts";

describe("person keys for erasure", () => {
  it("cover every raw table holding personal data, with columns the contract has", () => {
    const missing: string[] = [];
    for (const contract of CONTRACTS.values()) {
      const table = rawTableName(contract);
      const columns = contractColumns(contract);
      const keys = PERSON_KEYS[table] ?? [];
      if (columns.some((column) => column.pii || column.nationalId) && keys.length === 0) missing.push(table);
      for (const key of keys) {
        expect(
          columns.map((c) => c.name),
          table,
        ).toContain(key.column);
      }
    }
    expect(missing).toEqual([]);
    for (const table of Object.keys(PERSON_KEYS)) {
      expect([...CONTRACTS.values()].map(rawTableName)).toContain(table);
    }
  });
});

describe("quarantineErasedRows", () => {
  let warehouse: Warehouse;
  afterEach(() => warehouse?.close());

  const typed = async () => {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE slm_typed AS
       SELECT * FROM (VALUES
         (1, 'C1', 'Ann', NULL::STRUCT(reason VARCHAR, column_name VARCHAR, value VARCHAR, detail VARCHAR), NULL::VARCHAR),
         (2, 'C2', 'Bo', {'reason': 'bad_date', 'column_name': 'x', 'value': 'y', 'detail': NULL}, 'C2,Bo,y')
       ) AS t(_row, contact_id, first_name, _problem, _raw_line)`,
    );
  };

  it("turns rows of an erased person into content-free erased_person problems, leaving the rest", async () => {
    warehouse = await modelWarehouse({}, randomBytes(32));
    // system_key('crm', id) is the pseudonym of the system and id; the list holds only such hashes.
    const erased = await warehouse.scalar<string>("SELECT system_key('crm', 'C1')");
    expect(erased).toMatch(PSEUDONYM_PATTERN);
    await warehouse.run("INSERT INTO meta.erasure_list VALUES ($1, 'system_id', 'e1', now())", [erased]);
    await typed();
    expect(await quarantineErasedRows(warehouse, "temp.slm_typed", "crm__contacts", "f.csv")).toBe(1);
    expect(
      await warehouse.all(
        `SELECT _row, contact_id, first_name, _problem.reason, _problem.column_name, _problem.value,
                _problem.detail, _raw_line FROM slm_typed ORDER BY _row`,
      ),
    ).toEqual([
      {
        _row: 1,
        contact_id: null,
        first_name: null,
        reason: "erased_person",
        column_name: null,
        value: null,
        detail: "row of a person on the erasure list",
        _raw_line: null,
      },
      {
        _row: 2,
        contact_id: "C2",
        first_name: "Bo",
        reason: "bad_date",
        column_name: "x",
        value: "y",
        detail: null,
        _raw_line: "C2,Bo,y",
      },
    ]);
  });

  it("refuses to load past a non-empty erasure list without the key", async () => {
    warehouse = await Warehouse.open(":memory:");
    await warehouse.run("INSERT INTO meta.erasure_list VALUES ('00', 'system_id', 'e1', now())");
    await typed();
    await expect(quarantineErasedRows(warehouse, "temp.slm_typed", "crm__contacts", "f.csv")).rejects.toThrow(
      /f\.csv: the erasure list needs the pseudonymisation key/,
    );
  });
});
