import type { Warehouse } from "../warehouse/connection.ts";
import { qualified, quoteIdent } from "../warehouse/sql.ts";
import { type Contract, contractColumns, rawTableName } from "./contract.ts";
import { CONTRACTS } from "./contracts.ts";

/** The columns of each raw table there is, lower-cased (DuckDB's identifiers ignore case), by table name. */
type RawColumns = Map<string, Set<string>>;

async function rawColumns(warehouse: Warehouse, table?: string): Promise<RawColumns> {
  const rows = await warehouse.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'raw' AND ($1::VARCHAR IS NULL OR table_name = $1)`,
    [table ?? null],
  );
  const columns: RawColumns = new Map();
  for (const row of rows) {
    const key = row.table_name.toLowerCase();
    columns.set(key, (columns.get(key) ?? new Set()).add(row.column_name.toLowerCase()));
  }
  return columns;
}

/**
 * Makes a contract's raw table, or adds the fields the contract gained since its table was made (older rows
 * read NULL in them). Only what is missing is written: every command opens with all 28 tables' check, and
 * issuing each column's `ADD COLUMN IF NOT EXISTS` regardless took 380 statements, 0.1 s of every run.
 */
async function ensureAgainst(
  warehouse: Warehouse,
  contract: Contract,
  existing: RawColumns,
): Promise<string> {
  const name = rawTableName(contract);
  const table = qualified("raw", name);
  const columns = contractColumns(contract);
  const present = existing.get(name.toLowerCase());
  if (present === undefined) {
    await warehouse.run(
      `CREATE TABLE IF NOT EXISTS ${table} (_file_id BIGINT NOT NULL, _row BIGINT NOT NULL, ${columns
        .map((column) => `${quoteIdent(column.name)} ${column.duckType}`)
        .join(", ")})`,
    );
    return table;
  }
  for (const column of columns.filter((c) => !present.has(c.name.toLowerCase()))) {
    await warehouse.run(
      `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${column.duckType}`,
    );
  }
  return table;
}

/** One contract's raw table, made or brought up to the contract; returns its qualified name. */
export async function ensureRawTable(warehouse: Warehouse, contract: Contract): Promise<string> {
  return ensureAgainst(warehouse, contract, await rawColumns(warehouse, rawTableName(contract)));
}

/** Several contracts' raw tables, against one read of the catalogue. */
export async function ensureRawTables(warehouse: Warehouse, contracts: Iterable<Contract>): Promise<void> {
  const existing = await rawColumns(warehouse);
  for (const contract of contracts) await ensureAgainst(warehouse, contract, existing);
}

export async function ensureAllRawTables(warehouse: Warehouse): Promise<void> {
  await ensureRawTables(warehouse, CONTRACTS.values());
}
