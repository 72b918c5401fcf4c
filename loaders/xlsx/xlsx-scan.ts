import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Contract } from "../contract.ts";
import { readCsvRelation } from "../csv/read-csv.ts";
import { LoadError } from "../errors.ts";
import { fieldFormat, fieldsByHeader } from "../map-columns.ts";
import type { Profile } from "../profile.ts";
import { positionOf, type Scan } from "../scan.ts";
import { type CellTarget, cellText, type RenderContext } from "./cell-text.ts";

function csvCell(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

async function readWorksheet(path: string, fileName: string, sheet: string | undefined) {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new LoadError(fileName, `not a readable .xlsx file: ${(error as Error).message}`);
  }
  const worksheet = sheet ? workbook.getWorksheet(sheet) : workbook.worksheets[0];
  if (!worksheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(", ");
    throw new LoadError(
      fileName,
      sheet ? `no sheet "${sheet}"; sheets: ${names}` : "the workbook has no sheets",
    );
  }
  return { worksheet, date1904: workbook.properties.date1904 ?? false };
}

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
  const { worksheet, date1904 } = await readWorksheet(path, fileName, profile.xlsx?.sheet);
  const headerRow = profile.csv.headerLine;
  const width = worksheet.columnCount;
  const ctx: RenderContext = { date1904, decimalComma: profile.csv.decimalComma, missingResults: 0 };
  const rowTexts = (rowNumber: number, targets: (CellTarget | null)[]) => {
    const row = worksheet.getRow(rowNumber);
    return Array.from({ length: width }, (_, i) => {
      const cell = row.getCell(i + 1);
      return cellText(cell.value, cell.numFmt, targets[i] ?? null, ctx);
    });
  };
  const header = rowTexts(headerRow, []).map((cell) => cell.trim());
  while (header.length > 0 && header.at(-1) === "") header.pop();
  if (header.length === 0) {
    throw new LoadError(fileName, `no header in row ${headerRow} of sheet "${worksheet.name}"`, headerRow);
  }
  const targets = fieldsByHeader(header, profile, contract).map((column) =>
    column ? { kind: column.kind, format: fieldFormat(column, profile) } : null,
  );
  const lines = [[...header, "_sheet_row"].map(csvCell).join(",")];
  for (let rowNumber = headerRow + 1; rowNumber <= worksheet.rowCount; rowNumber++) {
    let cells: string[];
    try {
      cells = rowTexts(rowNumber, targets);
    } catch (error) {
      throw new LoadError(fileName, (error as Error).message, rowNumber);
    }
    if (cells.every((cell) => cell.trim() === "")) continue;
    // Cells right of the last header cell feed no field, like any unmapped column.
    lines.push([...cells.slice(0, header.length), String(rowNumber)].map(csvCell).join(","));
  }
  const dir = mkdtempSync(join(tmpdir(), "slm-xlsx-"));
  const csvPath = join(dir, "sheet.csv");
  writeFileSync(csvPath, `${lines.join("\n")}\n`);
  const warnings =
    ctx.missingResults > 0
      ? [
          `${fileName}: ${ctx.missingResults} formula cell(s) have no saved result and read as empty; open and save the file in Excel to calculate them`,
        ]
      : [];
  return {
    header,
    relation: (params) =>
      readCsvRelation(
        { path: csvPath, columns: header.length + 1, skip: 1, delimiter: ",", quote: '"' },
        params,
      ),
    rejects: true,
    headerLine: headerRow,
    lineColumn: positionOf(header.length),
    decimalComma: profile.csv.decimalComma,
    delimiter: ",",
    quote: '"',
    warnings,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
