import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Contract } from "../contract.ts";
import { bestHeader, holdsAny, LINES_BELOW } from "../csv/locate-header.ts";
import { rereadableCsv } from "../csv/read-csv.ts";
import { LoadError } from "../errors.ts";
import { fieldFormat, fieldsByHeader } from "../map-columns.ts";
import type { Profile } from "../profile.ts";
import { positionOf, type Scan } from "../scan.ts";
import { scratchDir } from "../scratch.ts";
import { LineWriter } from "./line-writer.ts";
import { csvLine, openSheet, type Sheet, type SheetRow } from "./sheet.ts";

/**
 * Opens the profile's sheet (default: the first) and writes it as a temporary UTF-8 CSV, each
 * record followed by its sheet row number, so the sheet takes the CSV path and the quarantine
 * names real rows. Rows above the header (report metadata) and wholly empty rows are not records.
 * The sheet is read row by row and the CSV written as it goes, so memory does not grow with it.
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
  const dir = scratchDir("xlsx");
  const csvPath = join(dir, "sheet.csv");
  let header: string[];
  let headerRow: number;
  try {
    ({ header, headerRow } = await writeSheetCsv(sheet, csvPath, fileName, profile, contract));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    sheet.close();
  }
  const missing = sheet.missingResults();
  const warnings: string[] = [];
  if (headerRow !== profile.csv.headerLine) {
    warnings.push(
      `${fileName}: the profile's columns are in row ${headerRow} of sheet "${sheet.name}", not in row ${profile.csv.headerLine} (csv.headerLine); read from row ${headerRow}`,
    );
  }
  if (missing > 0) {
    warnings.push(
      `${fileName}: ${missing} formula cell(s) have no saved result and read as empty; open and save the file in Excel to calculate them`,
    );
  }
  return {
    header,
    ...rereadableCsv({
      path: csvPath,
      columns: header.length + 1,
      skip: 1,
      delimiter: ",",
      quote: '"',
      checkWidth: true,
    }),
    rejects: true,
    widthChecked: true,
    headerLine: headerRow,
    lineColumn: positionOf(header.length),
    decimalComma: profile.csv.decimalComma,
    delimiter: ",",
    quote: '"',
    warnings,
    mismatchHint: otherSheetsHint(sheet, `read sheet "${sheet.name}", `),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Where else the data may be when the sheet read is empty or its header does not match: the
 * workbook's other sheets, and the profile key that chooses one. Undefined without other sheets.
 */
function otherSheetsHint(sheet: Sheet, prefix = ""): string | undefined {
  if (sheet.otherSheets.length === 0) return undefined;
  const names = sheet.otherSheets.map((name) => `"${name}"`).join(", ");
  return `${prefix}the workbook's other sheets are ${names}: choose one with xlsx.sheet in the profile`;
}

/**
 * Writes the sheet's records below its header row to `csvPath` as they are read, each followed by
 * its row number, and gives the header.
 */
async function writeSheetCsv(
  sheet: Sheet,
  csvPath: string,
  fileName: string,
  profile: Profile,
  contract: Contract,
): Promise<{ header: string[]; headerRow: number }> {
  const headerRow = profile.csv.headerLine;
  const out = new LineWriter(csvPath);
  try {
    const rows = sheet.rows()[Symbol.asyncIterator]();
    const { found, early } = await findHeaderRow(sheet, rows, headerRow, Object.keys(profile.columns));
    const header = found ? headerCells(sheet.rowTexts(found, [])) : [];
    if (!found || header.length === 0) {
      const hint = otherSheetsHint(sheet);
      throw new LoadError(
        fileName,
        `no header in row ${headerRow} of sheet "${sheet.name}"${hint ? `; ${hint}` : ""}`,
        headerRow,
      );
    }
    const targets = fieldsByHeader(header, profile, contract).map((column) =>
      column ? { kind: column.kind, format: fieldFormat(column, profile) } : null,
    );
    await out.line(csvLine([...header, "_sheet_row"]));
    const write = async (row: SheetRow) => {
      let cells: string[];
      try {
        cells = sheet.rowTexts(row, targets);
      } catch (error) {
        throw new LoadError(fileName, (error as Error).message, row.number);
      }
      if (cells.every((cell) => cell.trim() === "")) return;
      // Cells right of the last header cell feed no field, like any unmapped column.
      const record = cells.slice(0, header.length);
      while (record.length < header.length) record.push("");
      await out.line(csvLine([...record, String(row.number)]));
    };
    for (const row of early.slice(early.indexOf(found) + 1)) await write(row);
    for (let next = await rows.next(); !next.done; next = await rows.next()) await write(next.value);
    await out.close();
    return { header, headerRow: found.number };
  } catch (error) {
    out.abort();
    throw error;
  }
}

/**
 * The header row: the profile's, when it holds any of the profile's column names; else the one row from the
 * top to ten below it that bestHeader takes (a title row added above the header, or removed); else the
 * profile's, for the column mapping to say what is missing. `early` is every row read to decide, in order.
 */
async function findHeaderRow(
  sheet: Sheet,
  rows: AsyncIterator<SheetRow>,
  headerRow: number,
  names: string[],
): Promise<{ found: SheetRow | undefined; early: SheetRow[] }> {
  const early: SheetRow[] = [];
  const peek = (row: SheetRow) => {
    try {
      return headerCells(sheet.peekTexts(row));
    } catch {
      return []; // a cell that cannot be read is no header; its row fails by its number when written
    }
  };
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    early.push(row);
    if (row.number === headerRow && (names.length === 0 || holdsAny(peek(row), names))) {
      return { found: row, early };
    }
    if (row.number >= headerRow + LINES_BELOW) break;
  }
  const moved = bestHeader(
    early.map((row) => ({ place: row, cells: peek(row) })),
    names,
  );
  return { found: moved ?? early.find((row) => row.number === headerRow), early };
}

/** The header row's cells, trimmed, without the empty cells after the last name. */
function headerCells(cells: string[]): string[] {
  const header = cells.map((cell) => cell.trim());
  while (header.length > 0 && header.at(-1) === "") header.pop();
  return header;
}
