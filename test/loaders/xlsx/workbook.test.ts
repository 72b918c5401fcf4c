import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LoadError } from "../../../loaders/errors.ts";
import { parseRange } from "../../../loaders/xlsx/cell-ref.ts";
import { openSheet } from "../../../loaders/xlsx/sheet.ts";
import { copySheet, extractSheet } from "../../../loaders/xlsx/workbook.ts";
import { tempProject } from "../../helpers/project.ts";
import { DATA, writeWorkbook, xmlText } from "./workbook-files.ts";

const project = tempProject("slm-xlsx-workbook-");
afterAll(() => project.remove());

async function* chunked(text: string, cuts: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

describe("copySheet", () => {
  const rows = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Åsa</t></is></c></row></sheetData>';
  const head = '<?xml version="1.0"?><worksheet xmlns="m">';
  const tail =
    '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B3:B2"/></mergeCells></worksheet>';
  const xml = head + rows + tail;
  const copyTo = join(project.dir, "sheet.xml");

  it("copies up to the end of the rows and reads the merges after, wherever the chunks are cut", async () => {
    const bytes = Buffer.byteLength(xml);
    for (let cut = 1; cut < bytes; cut++) {
      const merges = await copySheet(chunked(xml, [cut]), copyTo);
      expect(readFileSync(copyTo, "utf8"), `cut at ${cut}`).toBe(head + rows);
      expect(merges, `cut at ${cut}`).toEqual([
        { top: 1, left: 1, bottom: 1, right: 3 },
        { top: 2, left: 2, bottom: 3, right: 2 },
      ]);
    }
    // many small chunks: the end tag spread over several of them
    const cuts = Array.from({ length: Math.floor(bytes / 3) }, (_, i) => (i + 1) * 3);
    expect(await copySheet(chunked(xml, cuts), copyTo)).toHaveLength(2);
    expect(readFileSync(copyTo, "utf8")).toBe(head + rows);
  });

  it("a sheet with no rows, and one with no merges", async () => {
    const empty = `${head}<sheetData/>${tail}`;
    expect(await copySheet(chunked(empty, [50]), copyTo)).toHaveLength(2);
    expect(readFileSync(copyTo, "utf8")).toBe(`${head}<sheetData/>`);
    expect(await copySheet(chunked(`${head + rows}</worksheet>`, [7]), copyTo)).toEqual([]);
  });
});

// /dev/full fails every write with ENOSPC: a full scratch disk without filling one.
describe.skipIf(!existsSync("/dev/full"))("a scratch disk that is full", () => {
  it("copySheet rejects with the write's error instead of hanging or killing the process", async () => {
    await expect(
      copySheet(chunked(`<worksheet><sheetData>${"x".repeat(1 << 20)}`, [7]), "/dev/full"),
    ).rejects.toMatchObject({
      code: "ENOSPC",
    });
  });

  it("a workbook's sheet copy that cannot be written says so, not that the workbook is unreadable", async () => {
    const path = writeWorkbook(join(project.dir, "full.xlsx"), DATA);
    const dir = join(project.dir, "full-scratch");
    mkdirSync(dir);
    for (const part of [1, 2]) symlinkSync("/dev/full", join(dir, `sheet${part}.xml`));
    const failure = await extractSheet(path, "full.xlsx", "Data", dir).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as Error).message).toMatch(
      /^full\.xlsx: could not write its working copy in .*no space left on device/i,
    );
    expect((failure as Error).message).not.toMatch(/not a readable/);
    // the copies it began are removed
    expect(readdirSync(dir).filter((name) => !name.startsWith("sheet"))).toEqual([]);
  });
});

describe("reading a workbook streamed in chunks", () => {
  it("keeps characters whole across chunk edges, in shared strings, sheet names and the sheet's own text", async () => {
    // About 1.5 MB of XML in 2- and 3-byte characters: parts arrive in many chunks, and exceljs's
    // streaming reader (which decodes each chunk on its own) turns some of these into U+FFFD.
    const names = Array.from({ length: 30_000 }, (_, i) => `Åsa Öberg ${i} 漢字€`);
    const rows = names
      .map((_, i) =>
        i % 2
          ? `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`
          : `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${xmlText(names[i]!)}</t></is></c></row>`,
      )
      .join("");
    const path = writeWorkbook(join(project.dir, "utf8.xlsx"), {
      sheets: [{ name: "Närvaro ÅÄÖ", rows }],
      sharedStrings: names,
    });
    const sheet = await openSheet(path, "utf8.xlsx", { decimalComma: false });
    const read: string[] = [];
    try {
      for await (const row of sheet.rows()) read.push(sheet.rowTexts(row, [])[0]!);
    } finally {
      sheet.close();
    }
    expect(sheet.name).toBe("Närvaro ÅÄÖ");
    expect(read.filter((text, i) => text !== names[i])).toEqual([]);
    expect(read).toHaveLength(names.length);
  });
});

describe("parseRange", () => {
  it("reads a range either corner first, and one cell", () => {
    expect(parseRange("B2:D4")).toEqual({ top: 2, left: 2, bottom: 4, right: 4 });
    expect(parseRange("D4:B2")).toEqual({ top: 2, left: 2, bottom: 4, right: 4 });
    expect(parseRange("AA10")).toEqual({ top: 10, left: 27, bottom: 10, right: 27 });
    expect(parseRange("$A$1:$B$2")).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(parseRange("nonsense")).toBeUndefined();
  });
});
