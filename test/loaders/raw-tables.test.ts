import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contractColumns, rawTableName } from "../../loaders/contract.ts";
import { CONTRACTS, getContract } from "../../loaders/contracts.ts";
import { ensureAllRawTables, ensureRawTable } from "../../loaders/raw-tables.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { qualified } from "../../warehouse/sql.ts";

/** Every statement the warehouse is asked to run (`run`), so a test can see what was written. */
function recordRuns(warehouse: Warehouse): string[] {
  const statements: string[] = [];
  const run = warehouse.run.bind(warehouse);
  warehouse.run = async (sql, params) => {
    statements.push(sql);
    return run(sql, params);
  };
  return statements;
}

describe("raw tables: one per contract, with every field the contract has", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterEach(() => warehouse.close());

  const columnsOf = async (table: string) =>
    (
      await warehouse.all<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = $1 ORDER BY ordinal_position",
        [table],
      )
    ).map((row) => row.column_name);

  it("makes each contract's table with its fields behind the file id and row", async () => {
    await ensureAllRawTables(warehouse);
    for (const contract of CONTRACTS.values()) {
      expect(await columnsOf(rawTableName(contract))).toEqual([
        "_file_id",
        "_row",
        ...contractColumns(contract).map((column) => column.name),
      ]);
    }
  });

  it("adds the fields a contract gained to a table made before, keeping its rows", async () => {
    const contract = getContract("crm.contacts");
    const table = rawTableName(contract);
    const [first, second] = contractColumns(contract);
    // the table as an older contract made it: two fields, one row
    await warehouse.run(
      `CREATE TABLE raw."${table}" (_file_id BIGINT NOT NULL, _row BIGINT NOT NULL, "${first!.name}" ${first!.duckType}, "${second!.name}" ${second!.duckType})`,
    );
    await warehouse.run(`INSERT INTO raw."${table}" ("_file_id", "_row") VALUES (7, 1)`);
    const statements = recordRuns(warehouse);
    await ensureAllRawTables(warehouse);
    const fields = contractColumns(contract).map((column) => column.name);
    expect(await columnsOf(table)).toEqual(["_file_id", "_row", ...fields]);
    // one statement for each field it lacked, none for the two it had
    expect(statements.filter((sql) => sql.includes(qualified("raw", table))).length).toBe(fields.length - 2);
    const [row] = await warehouse.all<Record<string, unknown>>(`SELECT * FROM raw."${table}"`);
    expect(row).toMatchObject({ _file_id: 7, _row: 1, [fields.at(-1)!]: null });
  });

  it("writes nothing to a warehouse whose tables are current: one catalogue read, no statement", async () => {
    await ensureAllRawTables(warehouse);
    const statements = recordRuns(warehouse);
    await ensureAllRawTables(warehouse);
    await ensureRawTable(warehouse, getContract("ladok.results"));
    expect(statements).toEqual([]);
  });
});
