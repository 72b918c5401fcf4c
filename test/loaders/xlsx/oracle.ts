import ExcelJS from "exceljs";
import { type CellTarget, cellText } from "../../../loaders/xlsx/cell-text.ts";

export interface Read {
  /** Row texts by row number (index 0 is row 1), each padded to the sheet's width. */
  rows: string[][];
  missing: number;
}

/**
 * The sheet as the loader reads it, from exceljs's whole-workbook reader (what it read with before it
 * streamed), every row to the last: a merged range's value carried down its left column only, its
 * other columns empty (exceljs shows the value in every cell).
 */
export async function readWhole(
  path: string,
  sheet: string | undefined,
  targets: (CellTarget | null)[],
): Promise<Read> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const worksheet = sheet ? workbook.getWorksheet(sheet)! : workbook.worksheets[0]!;
  const ctx = { date1904: workbook.properties.date1904 ?? false, decimalComma: false, missingResults: 0 };
  const rows: string[][] = [];
  for (let n = 1; n <= worksheet.rowCount; n++) {
    const row = worksheet.getRow(n);
    rows.push(
      Array.from({ length: worksheet.columnCount }, (_, i) => {
        const cell = row.getCell(i + 1);
        if (cell.isMerged && cell.master.col !== cell.col) return "";
        return cellText(cell.value, cell.numFmt, targets[i] ?? null, ctx);
      }),
    );
  }
  return { rows, missing: ctx.missingResults };
}
