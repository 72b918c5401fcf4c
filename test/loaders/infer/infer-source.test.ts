import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openInferSource } from "../../../loaders/infer/infer-source.ts";
import { Params } from "../../../loaders/params.ts";
import { csvLine } from "../../../loaders/xlsx/sheet.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { readWhole } from "../xlsx/oracle.ts";
import { DATA, writeWorkbook } from "../xlsx/workbook-files.ts";

const project = tempProject("slm-infer-source-");
afterAll(() => project.remove());

/** The CSV text `profile infer` reads a sheet from. */
async function inferCsv(path: string): Promise<string> {
  const source = await openInferSource(undefined as unknown as Warehouse, path, "book.xlsx");
  try {
    const params = new Params();
    source.relation(params);
    return readFileSync(String(params.values[0]), "utf8");
  } finally {
    source.cleanup();
  }
}

describe("a sheet opened for inference", () => {
  it("is every row as a CSV line, line n being sheet row n, as before it streamed", async () => {
    // The data sheet first, with its title rows, gaps and merged ranges.
    const path = writeWorkbook(join(project.dir, "data.xlsx"), { ...DATA, sheets: [DATA.sheets[1]!] });
    const whole = await readWhole(path, undefined, []);
    const lines = whole.rows.map((cells) => {
      const copy = [...cells];
      while (copy.length > 0 && copy.at(-1)!.trim() === "") copy.pop();
      return copy.length > 0 ? csvLine(copy) : "";
    });
    const csv = await inferCsv(path);
    expect(csv).toBe(`${lines.join("\n")}\n`);
    // row 7 (only a merged range reaches it) and rows 8 and 10 (not in the file) are there
    expect(lines.slice(6, 10)).toEqual(['"","true"', "", lines[8], ""]);
  });
});
