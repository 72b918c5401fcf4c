import { extname } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import type { Contract } from "./contract.ts";
import { openCsvScan } from "./csv/csv-scan.ts";
import { openParquetScan } from "./parquet/parquet-scan.ts";
import type { Profile } from "./profile.ts";
import type { Scan } from "./scan.ts";
import { openXlsxScan } from "./xlsx/xlsx-scan.ts";

/** Extensions of the files ingest picks up from a directory; anything else named explicitly is read as text. */
export const DATA_EXTENSIONS = /\.(csv|txt|tsv|xlsx|parquet)$/i;

/** Opens a file by its extension: Excel and Parquet have readers of their own, the rest is text. */
export function openScan(
  warehouse: Warehouse,
  path: string,
  fileName: string,
  profile: Profile,
  contract: Contract,
): Promise<Scan> {
  switch (extname(path).toLowerCase()) {
    case ".xlsx":
      return openXlsxScan(path, fileName, profile, contract);
    case ".parquet":
      return openParquetScan(warehouse, path, fileName, profile, contract);
    default:
      return openCsvScan(path, fileName, profile);
  }
}
