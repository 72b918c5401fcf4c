import { extname, join } from "node:path";
import type { Warehouse } from "../../warehouse/connection.ts";
import { quoteIdent } from "../../warehouse/sql.ts";
import { readCsvRelation } from "../csv/read-csv.ts";
import { toUtf8File } from "../csv/transcode.ts";
import { binaryKind } from "../encoding/binary.ts";
import { readHead } from "../encoding/sniff.ts";
import { LoadError } from "../errors.ts";
import type { Params } from "../params.ts";
import { positionOf } from "../scan.ts";
import { removeScratch, scratchDir } from "../scratch.ts";
import { LineWriter } from "../xlsx/line-writer.ts";
import { csvLine, openSheet, type Sheet } from "../xlsx/sheet.ts";
import { sniffLayout } from "./sniff-layout.ts";

const SAMPLE_BYTES = 1 << 20;

const PROFILE_ENCODINGS: Record<string, string> = {
  "utf-8": "utf-8",
  "utf-8-bom": "utf-8",
  "utf-16le": "utf-16",
  "utf-16be": "utf-16",
  "windows-1252": "windows-1252",
  "latin-1": "latin-1",
};

/** A file opened for inference: its header, its records as VARCHAR c1..cN, and what its profile's csv section needs. */
export interface InferSource {
  header: string[];
  relation: (params: Params) => string;
  /** The csv section of the draft (null for Parquet, which needs none). */
  csv: { delimiter?: string; encoding?: string; headerLine: number } | null;
  cleanup(): void;
}

/** Text: the layout sniffed from the head of its UTF-8 form; `encoding` null for a sheet written out. */
function textSource(
  fileName: string,
  csvPath: string,
  encoding: string | null,
): Omit<InferSource, "cleanup"> {
  const layout = sniffLayout(readHead(csvPath, SAMPLE_BYTES).toString("utf8"));
  if (layout.header.every((cell) => cell === ""))
    throw new LoadError(fileName, "no header found (empty file?)");
  const header = layout.header;
  return {
    header,
    relation: (params: Params) =>
      readCsvRelation(
        {
          path: csvPath,
          columns: header.length,
          skip: layout.hintLines + layout.headerLine,
          delimiter: layout.delimiter,
          quote: '"',
        },
        params,
      ),
    csv: encoding
      ? { delimiter: layout.delimiter, encoding, headerLine: layout.headerLine }
      : { headerLine: layout.headerLine },
  };
}

/**
 * Opens a file for `profile infer` by its extension: a sheet is written out as CSV (title rows
 * included, so the header row is found as in a text report), Parquet is read as text casts.
 */
export async function openInferSource(
  warehouse: Warehouse,
  path: string,
  fileName: string,
): Promise<InferSource> {
  const extension = extname(path).toLowerCase();
  if (extension === ".parquet") {
    let names: { column_name: string }[];
    try {
      names = await warehouse.all("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($1))", [
        path,
      ]);
    } catch (error) {
      throw new LoadError(fileName, `not a readable Parquet file: ${(error as Error).message}`);
    }
    return {
      header: names.map((n) => n.column_name.trim()),
      relation: (params) =>
        `(SELECT ${names.map((n, i) => `CAST(${quoteIdent(n.column_name)} AS VARCHAR) AS ${quoteIdent(positionOf(i))}`).join(", ")} FROM read_parquet(${params.add(path)}))`,
      csv: null,
      cleanup: () => undefined,
    };
  }
  if (extension === ".xlsx") {
    const sheet = await openSheet(path, fileName, { decimalComma: false });
    const dir = scratchDir("infer");
    const csvPath = join(dir, "sheet.csv");
    try {
      await writeSheetLines(sheet, csvPath);
    } catch (error) {
      removeScratch(dir);
      throw error;
    } finally {
      sheet.close();
    }
    try {
      return {
        ...textSource(fileName, csvPath, null),
        cleanup: () => removeScratch(dir),
      };
    } catch (error) {
      removeScratch(dir);
      throw error;
    }
  }
  const kind = binaryKind(readHead(path, SAMPLE_BYTES));
  if (kind) throw new LoadError(fileName, `not a delimited text file: looks like ${kind}`);
  const utf8 = await toUtf8File(path, "auto", fileName);
  try {
    return {
      ...textSource(fileName, utf8.path, PROFILE_ENCODINGS[utf8.encoding] ?? "auto"),
      cleanup: utf8.cleanup,
    };
  } catch (error) {
    utf8.cleanup();
    throw error;
  }
}

/**
 * Writes every row of the sheet as a CSV line, title rows included (line n is sheet row n; a row
 * the sheet does not have, or with no text, is an empty line), so the header is found as in a
 * text report. Written as the rows are read, so memory does not grow with the sheet.
 */
async function writeSheetLines(sheet: Sheet, csvPath: string): Promise<void> {
  const out = new LineWriter(csvPath);
  try {
    let next = 1;
    for await (const row of sheet.rows()) {
      for (; next < row.number; next++) await out.line("");
      const cells = sheet.rowTexts(row, []);
      while (cells.length > 0 && cells.at(-1)!.trim() === "") cells.pop();
      await out.line(cells.length > 0 ? csvLine(cells) : "");
      next = row.number + 1;
    }
    if (next === 1) await out.line(""); // no rows: one empty line, as before
    await out.close();
  } catch (error) {
    out.abort();
    throw error;
  }
}
