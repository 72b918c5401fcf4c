import type { Warehouse } from "../../warehouse/connection.ts";
import { quoteIdent } from "../../warehouse/sql.ts";
import type { Contract } from "../contract.ts";
import { LoadError } from "../errors.ts";
import { fieldFormat, fieldsByHeader } from "../map-columns.ts";
import type { Profile } from "../profile.ts";
import { positionOf, type Scan } from "../scan.ts";

const TEMPORAL = /^(DATE|TIMESTAMP)/;

/**
 * Parquet columns arrive typed; they are rendered to text so the file takes the same typed and
 * quarantine path as every other format. Dates and timestamps are rendered in the format their
 * field is read with, so they round-trip exactly.
 */
export async function openParquetScan(
  warehouse: Warehouse,
  path: string,
  fileName: string,
  profile: Profile,
  contract: Contract,
): Promise<Scan> {
  let described: { column_name: string; column_type: string }[];
  try {
    described = await warehouse.all(
      "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($1))",
      [path],
    );
  } catch (error) {
    throw new LoadError(fileName, `not a readable Parquet file: ${(error as Error).message}`);
  }
  const header = described.map((column) => column.column_name.trim());
  const targets = fieldsByHeader(header, profile, contract);
  return {
    header,
    relation: (params) => {
      const cells = described.map(({ column_name: name, column_type: type }, index) => {
        const target = targets[index];
        const temporal = TEMPORAL.test(type) && (target?.kind === "date" || target?.kind === "timestamp");
        const value = temporal
          ? `strftime(${quoteIdent(name)}, ${params.text(fieldFormat(target!, profile))})`
          : `CAST(${quoteIdent(name)} AS VARCHAR)`;
        return `${value} AS ${quoteIdent(positionOf(index))}`;
      });
      return `(SELECT ${cells.join(", ")} FROM read_parquet(${params.add(path)}))`;
    },
    rejects: false,
    headerLine: 0,
    lineColumn: null,
    decimalComma: false,
    delimiter: ",",
    quote: '"',
    warnings: [],
    cleanup: () => undefined,
  };
}
