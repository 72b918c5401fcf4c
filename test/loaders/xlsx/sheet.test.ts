import { readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CellTarget } from "../../../loaders/xlsx/cell-text.ts";
import { openSheet } from "../../../loaders/xlsx/sheet.ts";
import { tempProject } from "../../helpers/project.ts";
import { type Read, readWhole } from "./oracle.ts";
import { buildWorkbook, DATA, type WorkbookSpec, writeWorkbook, writeZip } from "./workbook-files.ts";

const project = tempProject("slm-xlsx-sheet-");
afterAll(() => project.remove());
let files = 0;
const write = (spec: WorkbookSpec) => writeWorkbook(join(project.dir, `book${++files}.xlsx`), spec);

/** The sheet as openSheet streams it, laid out like readWhole's (rows it does not give are empty). */
async function readStreamed(
  path: string,
  sheet: string | undefined,
  targets: (CellTarget | null)[],
  width: number,
): Promise<Read> {
  const opened = await openSheet(path, "book.xlsx", { sheet, decimalComma: false });
  const rows: string[][] = [];
  try {
    for await (const row of opened.rows()) {
      while (rows.length < row.number - 1) rows.push([]);
      rows.push(opened.rowTexts(row, targets));
    }
  } finally {
    opened.close();
  }
  return {
    rows: rows.map((cells) =>
      Array.from({ length: Math.max(width, cells.length) }, (_, i) => cells[i] ?? ""),
    ),
    missing: opened.missingResults(),
  };
}

const DAY = { kind: "date", format: "%d/%m/%Y" } as const;

/** Entry orders: metadata first (exceljs's writer), Excel's, exceljs's streaming writer's, and the one its streaming reader misreads. */
const ORDERS: Record<string, string[]> = {
  "metadata first": [],
  "Excel (shared strings last)": [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
  ],
  "sheets first, workbook.xml last": [
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/workbook.xml",
  ],
  "styles and workbook.xml after the sheets": [
    "xl/sharedStrings.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
  ],
};

describe("openSheet streams a sheet as exceljs's whole-workbook reader reads it", () => {
  it.each(Object.entries(ORDERS))("entries in zip order: %s", async (_name, order) => {
    const path = write({ ...DATA, order });
    for (const targets of [[], [null, null, DAY, null, null]]) {
      const whole = await readWhole(path, "Data", targets);
      const streamed = await readStreamed(path, "Data", targets, whole.rows[0]!.length);
      expect(streamed).toEqual(whole);
    }
  });

  it("renders the cells as expected (the oracle is checked too)", async () => {
    const path = write(DATA);
    const { rows, missing } = await readStreamed(path, "Data", [null, null, DAY, null, null], 8);
    const trimmed = rows.map((cells) => {
      const copy = [...cells];
      while (copy.length > 0 && copy.at(-1) === "") copy.pop();
      return copy;
    });
    expect(trimmed).toEqual([
      // A1:C1 merged across: the title in A1 only
      ["Course registrations"],
      ["Student", "Course", "Registered", "Credits", "Note"],
      ["Åsa Öberg", "0080", "28/08/2025", "7.5", "Zoë"],
      ["inline Ö", "MA1001", "29/08/2025", "15", "inline Öx"],
      ["#DIV/0!", "true", "28/08/2025", "", "false"],
      ["line one\r\nline two", "true", "28/08/2025", "#N/A", "漢字"],
      ["", "true"],
      [],
      ["  padded  ", "", "", "1234.5", "", "", "", "right of the header"],
      [],
      ["Åsa Öberg", "Åsa Öberg", "", "8.5"],
      ["", "", "", "9.5"],
      // C13:D14: C13's 3 carried down column C (the date field: 3 there is a serial day), D empty
      ["merged", "", "03/01/1900"],
      ["merged too", "", "03/01/1900"],
    ]);
    expect(missing).toBe(1);
  });

  it("counts days from 1904 when the workbook says so", async () => {
    const path = write({ ...DATA, date1904: true });
    const whole = await readWhole(path, "Data", [null, null, DAY]);
    const streamed = await readStreamed(path, "Data", [null, null, DAY], whole.rows[0]!.length);
    expect(streamed).toEqual(whole);
    expect(streamed.rows[2]![2]).toBe("29/08/2029");
  });

  it('reads date1904 written as an xsd:boolean word too (exceljs takes only "1")', async () => {
    const as1900 = (await readWhole(write(DATA), "Data", [null, null, DAY])).rows[2]![2];
    const cases: [string, string][] = [
      ["true", "29/08/2029"],
      [" true ", "29/08/2029"],
      ["false", as1900!],
      ["0", as1900!],
    ];
    for (const [attribute, expected] of cases) {
      const path = write({ ...DATA, date1904: attribute });
      const streamed = await readStreamed(path, "Data", [null, null, DAY], 5);
      expect(streamed.rows[2]![2], `date1904="${attribute}"`).toBe(expected);
    }
    expect(as1900).not.toBe("29/08/2029");
  });
});

describe("formula results", () => {
  it("keeps a saved result of 0, false or empty text, which exceljs's workbook reader read as missing", async () => {
    const path = write({
      sheets: [
        {
          name: "Results",
          rows:
            '<row r="1"><c r="A1"><f>B1-B1</f><v>0</v></c><c r="B1" t="b"><f>1=2</f><v>0</v></c>' +
            '<c r="C1" t="str"><f>IF(1=1,"","x")</f><v></v></c><c r="D1"><f>1+1</f></c><c r="E1" t="str"><f>"a"</f><v>a</v></c></row>',
        },
      ],
    });
    const streamed = await readStreamed(path, undefined, [], 5);
    expect(streamed).toEqual({ rows: [["0", "false", "", "", "a"]], missing: 1 });
    // Before: the falsy results dropped, read as empty and counted with the never-calculated one.
    expect(await readWhole(path, undefined, [])).toEqual({ rows: [["", "", "", "", "a"]], missing: 4 });
  });
});

describe("openSheet picks the sheet", () => {
  const sheets = (names: string[], parts: number[]): WorkbookSpec => ({
    sheets: names.map((name, i) => ({
      name,
      part: parts[i],
      rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>${name}</t></is></c></row>`,
    })),
  });
  const firstCell = async (path: string, sheet?: string) => {
    const opened = await openSheet(path, "book.xlsx", { sheet, decimalComma: false });
    try {
      for await (const row of opened.rows()) return [opened.name, opened.rowTexts(row, [])[0]];
    } finally {
      opened.close();
    }
  };

  it("the first in the workbook's order, not the zip's; a named one wherever it is", async () => {
    // Sheet "Första" is part 3 and comes last in the zip; "Närvaro" is part 1 and comes first.
    const path = write({
      ...sheets(["Första", "Andra", "Närvaro"], [3, 2, 1]),
      order: ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"],
    });
    expect(await firstCell(path)).toEqual(["Första", "Första"]);
    expect(await firstCell(path, "Närvaro")).toEqual(["Närvaro", "Närvaro"]);
    expect(await firstCell(path, "Andra")).toEqual(["Andra", "Andra"]);
  });

  it("refuses a missing sheet, a workbook without sheets and a file that is not one, by name", async () => {
    const path = write(sheets(["Info", "Registrations"], [1, 2]));
    await expect(firstCell(path, "Sheet9")).rejects.toThrow(
      'book.xlsx: no sheet "Sheet9"; sheets: "Info", "Registrations"',
    );
    await expect(firstCell(write({ sheets: [] }))).rejects.toThrow("book.xlsx: the workbook has no sheets");
    const notZip = join(project.dir, "fake.xlsx");
    writeFileSync(notZip, "student,course\nS1,C1\n");
    await expect(firstCell(notZip)).rejects.toThrow(/book\.xlsx: not a readable \.xlsx file: /);
    const notWorkbook = join(project.dir, "other.xlsx");
    writeFileSync(notWorkbook, writeZip([["word/document.xml", "<document/>"]]));
    await expect(firstCell(notWorkbook)).rejects.toThrow(
      "book.xlsx: not a readable .xlsx file: it has no xl/workbook.xml",
    );
  });

  it("reads a workbook again when the stream does not give a part its zip directory lists, then names the part", async () => {
    // The local entry of workbook.xml renamed: the directory at the zip's end still lists it, the stream never
    // gives it, as when exceljs's streaming read loses the entry (exceljs issue 3064).
    const zip = buildWorkbook(sheets(["Info"], [1]));
    const local = zip.indexOf("xl/workbook.xml");
    zip.write("X", local + "xl/workbook.xm".length);
    expect(zip.indexOf("xl/workbook.xml", local + 1)).toBeGreaterThan(local);
    const lost = join(project.dir, "lost.xlsx");
    writeFileSync(lost, zip);
    await expect(firstCell(lost)).rejects.toThrow(
      "book.xlsx: not a readable .xlsx file: its zip lists xl/workbook.xml, but reading it did not give it (read 3 times); save it again from Excel",
    );
  });

  it("leaves no copy of the sheet behind, after reading it or failing", async () => {
    const mine = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`slm-xlsx-${process.pid}-`));
    const before = mine();
    await firstCell(write(DATA), "Data");
    await expect(firstCell(write(DATA), "Sheet9")).rejects.toThrow(/no sheet/);
    expect(mine()).toEqual(before);
  });
});
