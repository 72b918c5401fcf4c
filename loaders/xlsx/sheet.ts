import { LoadError } from "../errors.ts";
import { removeScratch, scratchDir } from "../scratch.ts";
import { type CellTarget, cellText, type RenderContext } from "./cell-text.ts";
import { readRows, type SheetRow } from "./sheet-rows.ts";
import { extractSheet } from "./workbook.ts";

export type { SheetRow } from "./sheet-rows.ts";

export interface Sheet {
  name: string;
  /** The workbook's other sheets, in its order. */
  otherSheets: string[];
  /**
   * The sheet's rows in order, read as they are asked for (the sheet is never held whole). Rows the
   * sheet does not have are not given, so row numbers can jump; a given row may have no cells.
   */
  rows(): AsyncGenerator<SheetRow>;
  /** A row's cells as text, up to its last cell; `targets` says which cells feed date fields. */
  rowTexts(row: SheetRow, targets: (CellTarget | null)[]): string[];
  /** A row's cells as text with no targets, counting nothing (missingResults): to look for the header. */
  peekTexts(row: SheetRow): string[];
  /** Formula cells met so far that were saved without a calculated result. */
  missingResults(): number;
  /** Removes the sheet's copy; call it when done with the rows, also after a failure. */
  close(): void;
}

/**
 * Opens a workbook's named sheet, or its first; a file that is not a workbook fails by name. The
 * workbook is streamed once and the sheet's XML copied to a scratch directory; its rows are then
 * read from there.
 */
export async function openSheet(
  path: string,
  fileName: string,
  options: { sheet?: string | undefined; decimalComma: boolean },
): Promise<Sheet> {
  const dir = scratchDir("xlsx");
  const close = () => removeScratch(dir);
  let part: Awaited<ReturnType<typeof extractSheet>>;
  try {
    part = await extractSheet(path, fileName, options.sheet, dir);
  } catch (error) {
    close();
    throw error;
  }
  const ctx: RenderContext = {
    date1904: part.date1904,
    decimalComma: options.decimalComma,
    missingResults: 0,
  };
  return {
    name: part.name,
    otherSheets: part.otherSheets,
    async *rows() {
      try {
        yield* readRows(part);
      } catch (error) {
        if (error instanceof LoadError) throw error;
        throw new LoadError(fileName, `not a readable .xlsx file: ${(error as Error).message}`);
      }
    },
    rowTexts(row, targets) {
      return Array.from(row.cells, (cell, i) =>
        cell ? cellText(cell.value, cell.numFmt, targets[i] ?? null, ctx) : "",
      );
    },
    peekTexts(row) {
      const aside = { ...ctx, missingResults: 0 };
      return Array.from(row.cells, (cell) => (cell ? cellText(cell.value, cell.numFmt, null, aside) : ""));
    },
    missingResults: () => ctx.missingResults,
    close,
  };
}

export function csvLine(cells: string[]): string {
  return cells.map((text) => `"${text.replaceAll('"', '""')}"`).join(",");
}
