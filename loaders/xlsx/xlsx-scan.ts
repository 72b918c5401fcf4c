import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Contract } from "../contract.ts";
import { readCsvRelation } from "../csv/read-csv.ts";
import { LoadError } from "../errors.ts";
import { fieldFormat, fieldsByHeader } from "../map-columns.ts";
import type { Profile } from "../profile.ts";
import { positionOf, type Scan } from "../scan.ts";
import { scratchDir } from "../scratch.ts";
import { csvLine, openSheet } from "./sheet.ts";

/**
 * Opens the profile's sheet (default: the first) and writes it as a temporary UTF-8 CSV, each
 * record followed by its sheet row number, so the sheet takes the CSV path and the quarantine
 * names real rows. Rows above the header (report metadata) and wholly empty rows are not records.
 */
export async function openXlsxScan(
  path: string,
  fileName: string,
  profile: Profile,
  contract: Contract,
): Promise<Scan> {
  const sheet = await openSheet(path, fileName, {
    sheet: profile.xlsx?.sheet,
    decimalComma: profile.csv.decimalComma,
  });
  const headerRow = profile.csv.headerLine;
  const header = sheet.rowTexts(headerRow, []).map((cell) => cell.trim());
  while (header.length > 0 && header.at(-1) === "") header.pop();
  if (header.length === 0) {
    throw new LoadError(fileName, `no header in row ${headerRow} of sheet "${sheet.name}"`, headerRow);
  }
  const targets = fieldsByHeader(header, profile, contract).map((column) =>
    column ? { kind: column.kind, format: fieldFormat(column, profile) } : null,
  );
  const lines = [csvLine([...header, "_sheet_row"])];
  for (let rowNumber = headerRow + 1; rowNumber <= sheet.rowCount; rowNumber++) {
    let cells: string[];
    try {
      cells = sheet.rowTexts(rowNumber, targets);
    } catch (error) {
      throw new LoadError(fileName, (error as Error).message, rowNumber);
    }
    if (cells.every((cell) => cell.trim() === "")) continue;
    // Cells right of the last header cell feed no field, like any unmapped column.
    lines.push(csvLine([...cells.slice(0, header.length), String(rowNumber)]));
  }
  const dir = scratchDir("xlsx");
  const csvPath = join(dir, "sheet.csv");
  writeFileSync(csvPath, `${lines.join("\n")}\n`);
  const missing = sheet.missingResults();
  const warnings =
    missing > 0
      ? [
          `${fileName}: ${missing} formula cell(s) have no saved result and read as empty; open and save the file in Excel to calculate them`,
        ]
      : [];
  return {
    header,
    relation: (params) =>
      readCsvRelation(
        {
          path: csvPath,
          columns: header.length + 1,
          skip: 1,
          delimiter: ",",
          quote: '"',
          checkWidth: true,
        },
        params,
      ),
    rejects: true,
    widthChecked: true,
    headerLine: headerRow,
    lineColumn: positionOf(header.length),
    decimalComma: profile.csv.decimalComma,
    delimiter: ",",
    quote: '"',
    warnings,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
