import ExcelJS from "exceljs";
import { LoadError } from "../errors.ts";
import { type CellTarget, cellText, type RenderContext } from "./cell-text.ts";

export interface Sheet {
  name: string;
  rowCount: number;
  /** A row's cells as text, as wide as the sheet; `targets` says which cells feed date fields. */
  rowTexts(rowNumber: number, targets: (CellTarget | null)[]): string[];
  /** Formula cells met so far that were saved without a calculated result. */
  missingResults(): number;
}

/** Opens a workbook's named sheet, or its first; a file that is not a workbook fails by name. */
export async function openSheet(
  path: string,
  fileName: string,
  options: { sheet?: string | undefined; decimalComma: boolean },
): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new LoadError(fileName, `not a readable .xlsx file: ${(error as Error).message}`);
  }
  const worksheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!worksheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(", ");
    throw new LoadError(
      fileName,
      options.sheet ? `no sheet "${options.sheet}"; sheets: ${names}` : "the workbook has no sheets",
    );
  }
  const ctx: RenderContext = {
    date1904: workbook.properties.date1904 ?? false,
    decimalComma: options.decimalComma,
    missingResults: 0,
  };
  const width = worksheet.columnCount;
  return {
    name: worksheet.name,
    rowCount: worksheet.rowCount,
    rowTexts(rowNumber, targets) {
      const row = worksheet.getRow(rowNumber);
      return Array.from({ length: width }, (_, i) => {
        const cell = row.getCell(i + 1);
        return cellText(cell.value, cell.numFmt, targets[i] ?? null, ctx);
      });
    },
    missingResults: () => ctx.missingResults,
  };
}

export function csvLine(cells: string[]): string {
  return cells.map((text) => `"${text.replaceAll('"', '""')}"`).join(",");
}
