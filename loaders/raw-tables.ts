import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteIdent } from "../warehouse/sql.ts";
import { type Contract, contractColumns, rawTableName } from "./contract.ts";
import { CONTRACTS } from "./contracts.ts";

export async function ensureRawTable(warehouse: Warehouse, contract: Contract): Promise<string> {
  const table = qualified("raw", rawTableName(contract));
  const columns = contractColumns(contract);
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS ${table} (_file_id BIGINT NOT NULL, _row BIGINT NOT NULL, ${columns
      .map((column) => `${quoteIdent(column.name)} ${column.duckType}`)
      .join(", ")})`,
  );
  // A contract that gained fields since the table was made: add them, older rows read NULL.
  for (const column of columns) {
    await warehouse.run(
      `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${column.duckType}`,
    );
  }
  return table;
}

export async function ensureAllRawTables(warehouse: Warehouse): Promise<void> {
  for (const contract of CONTRACTS.values()) await ensureRawTable(warehouse, contract);
}
