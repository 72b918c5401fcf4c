import { extname } from "node:path";
import type { Warehouse } from "../warehouse/connection.ts";
import type { Contract } from "./contract.ts";
import { openCsvScan } from "./csv/csv-scan.ts";
import { openParquetScan } from "./parquet/parquet-scan.ts";
import type { Profile } from "./profile.ts";
import type { Scan } from "./scan.ts";
import { scratchDiskFailure } from "./scratch.ts";
import { openXlsxScan } from "./xlsx/xlsx-scan.ts";

/** Extensions of the files ingest picks up from a directory; anything else named explicitly is read as text. */
export const DATA_EXTENSIONS = /\.(csv|txt|tsv|xlsx|parquet)$/i;

/**
 * Opens a file by its extension: Excel and Parquet have readers of their own, the rest is text. A
 * working copy that cannot be written (a full scratch disk) fails by the extract's name and says so.
 */
export async function openScan(
  warehouse: Warehouse,
  path: string,
  fileName: string,
  profile: Profile,
  contract: Contract,
): Promise<Scan> {
  try {
    switch (extname(path).toLowerCase()) {
      case ".xlsx":
        return await openXlsxScan(path, fileName, profile, contract);
      case ".parquet":
        return await openParquetScan(warehouse, path, fileName, profile, contract);
      default:
        return await openCsvScan(path, fileName, profile);
    }
  } catch (error) {
    throw scratchDiskFailure(error, fileName) ?? error;
  }
}
