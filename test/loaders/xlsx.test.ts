import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoaderBench, testProfile } from "./harness.ts";
import { serial } from "./xlsx/workbook-files.ts";

async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Info").addRow(["This workbook's first sheet is not the data"]);
  const sheet = workbook.addWorksheet("Registrations");
  sheet.addRow(["Course registrations"]);
  sheet.addRow(["Exported 2026-01-31"]);
  sheet.addRow(["Student", "Course", " Term ", "Registered", "Day", "Credits"]);
  // row 4: a real date cell and a code typed as text
  sheet.addRow(["S1", "0080", "HT2025", new Date(Date.UTC(2025, 7, 28)), -3, 7.5]);
  // row 5: a code stored as a number shown "0000", a date that lost its format (a serial), formulas
  sheet.addRow([
    "S2",
    80,
    "HT2025",
    serial(2025, 8, 29),
    { formula: "E4+1", result: -2 },
    { formula: "3*2.5", result: 7.5 },
  ]);
  sheet.getCell("B5").numFmt = "0000";
  // row 6: formula-looking text kept verbatim, a serial typed as text, rich text
  sheet.addRow([
    "S3",
    '=HYPERLINK("http://x.test","C1")',
    "HT2025",
    String(serial(2025, 8, 30)),
    1,
    { richText: [{ text: "1" }, { text: "5" }] },
  ]);
  // row 7 stays empty: not a record
  sheet.getRow(8).values = [
    "S4",
    "MA1001",
    "HT2025",
    "31/08/2025",
    2,
    { formula: "1/0", result: { error: "#DIV/0!" } },
  ];
  sheet.getRow(9).values = ["S5", "MA1001", "HT2025", "2025-08-31", 2, 7.5];
  sheet.getRow(10).values = [
    "S6",
    { text: "MA2002", hyperlink: "http://x.test/ma2002" },
    "HT2025",
    new Date(Date.UTC(2025, 8, 1)),
    0,
    { formula: "F9*4" },
  ];
  await workbook.xlsx.writeFile(path);
}

describe("xlsx workbooks", () => {
  let bench: LoaderBench;
  let path: string;
  beforeAll(async () => {
    bench = await LoaderBench.open();
    path = bench.write("registrations_2026.xlsx", "");
    await writeWorkbook(path);
  });
  afterAll(() => bench.close());

  it("reads the named sheet below its title rows through the same typed path, quarantining by sheet row", async () => {
    const result = await bench.ingestOne(path);
    expect(result).toMatchObject({
      profile: "test-xlsx-registrations",
      rowsRead: 6,
      rowsLoaded: 4,
      rowsQuarantined: 2,
    });
    const rows = await bench.warehouse.all(
      `SELECT student_key, course_code, term, strftime(registered_on, '%Y-%m-%d') AS registered_on, registered_day, credits
         FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row`,
      [result.fileId],
    );
    expect(rows).toEqual([
      {
        student_key: "S1",
        course_code: "0080",
        term: "HT2025",
        registered_on: "2025-08-28",
        registered_day: -3,
        credits: 7.5,
      },
      {
        student_key: "S2",
        course_code: "0080",
        term: "HT2025",
        registered_on: "2025-08-29",
        registered_day: -2,
        credits: 7.5,
      },
      {
        student_key: "S3",
        course_code: '=HYPERLINK("http://x.test","C1")',
        term: "HT2025",
        registered_on: "2025-08-30",
        registered_day: 1,
        credits: 15,
      },
      {
        student_key: "S6",
        course_code: "MA2002",
        term: "HT2025",
        registered_on: "2025-09-01",
        registered_day: 0,
        credits: null,
      },
    ]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 8, column_name: "Credits", value: "#DIV/0!", reason: "bad_decimal" },
      { line: 9, column_name: "Registered", value: "2025-08-31", reason: "bad_date" },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/1 formula cell\(s\) have no saved result/)]);
  });

  it("reads the first sheet when the profile names none", async () => {
    const profile = testProfile({
      contract: "records.course_registrations",
      columns: { "This workbook's first sheet is not the data": "student_key" },
      constants: { course_code: "X" },
    });
    const copy = bench.write("first-sheet.xlsx", "");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    workbook.getWorksheet("Info")!.addRow(["only row"]);
    await workbook.xlsx.writeFile(copy);
    const result = await bench.ingestOne(copy, profile);
    expect(result).toMatchObject({ rowsRead: 1, rowsLoaded: 1 });
  });

  it("streams a workbook written sheets-first: the named sheet is not the first, rows keep their numbers", async () => {
    // exceljs's streaming writer puts the sheets first and workbook.xml, styles and shared strings
    // after them, the order a streaming reader has most trouble with.
    const streamed = bench.write("registrations_streamed.xlsx", "");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: streamed,
      useSharedStrings: true,
      useStyles: true,
    });
    writer.addWorksheet("Info").addRow(["not the data"]).commit();
    const sheet = writer.addWorksheet("Registrations");
    const title = sheet.addRow(["Course registrations"]);
    sheet.mergeCells("A1:F1");
    title.commit();
    sheet.addRow(["Exported 2026-01-31"]).commit();
    sheet.addRow(["Student", "Course", "Term", "Registered", "Day", "Credits"]).commit();
    sheet.addRow(["Åsa", "0080", "HT2025", new Date(Date.UTC(2025, 7, 28)), 1, 7.5]).commit();
    // rows 5 and 6 are not written; row 8 takes its term from row 7 through a merged cell
    sheet.getRow(7).values = ["Zoë", "MA1001", "VT2026", serial(2026, 1, 19), 2, 15];
    sheet.getRow(8).values = ["Bo", "MA1002", null, "31/08/2025", 3, 7.5];
    sheet.mergeCells("C7:C8");
    sheet.getRow(7).commit();
    sheet.getRow(8).commit();
    sheet.getRow(9).commit(); // an empty row: not a record
    sheet.getRow(10).values = ["Eva", "MA1003", "VT2026", "2025-08-31", 4, 7.5];
    sheet.getRow(10).commit();
    sheet.commit();
    await writer.commit();

    const result = await bench.ingestOne(streamed);
    expect(result).toMatchObject({
      profile: "test-xlsx-registrations",
      rowsRead: 4,
      rowsLoaded: 3,
      rowsQuarantined: 1,
    });
    const rows = await bench.warehouse.all(
      `SELECT student_key, course_code, term, strftime(registered_on, '%Y-%m-%d') AS registered_on
         FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row`,
      [result.fileId],
    );
    expect(rows).toEqual([
      { student_key: "Åsa", course_code: "0080", term: "HT2025", registered_on: "2025-08-28" },
      { student_key: "Zoë", course_code: "MA1001", term: "VT2026", registered_on: "2026-01-19" },
      { student_key: "Bo", course_code: "MA1002", term: "VT2026", registered_on: "2025-08-31" },
    ]);
    // the quarantine names the sheet's own row
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 10, column_name: "Registered", value: "2025-08-31", reason: "bad_date" },
    ]);
  });

  it("a cell holding a line break loads whole, with the sheet's own row numbers", async () => {
    const path = bench.write("registrations_multiline.xlsx", "");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Registrations");
    sheet.addRow(["Course registrations"]);
    sheet.addRow(["Exported 2026-01-31"]);
    sheet.addRow(["Student", "Course", "Term", "Registered", "Day", "Credits"]);
    sheet.addRow(["S1", "MA1001", "HT2025\nsecond line", "28/08/2025", 1, 7.5]);
    sheet.addRow(["S2", "MA1002", "HT2025", "2025-08-28", 1, 7.5]);
    await workbook.xlsx.writeFile(path);
    const result = await bench.ingestOne(path);
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
    expect(
      await bench.warehouse.all(
        "SELECT student_key, term FROM raw.records__course_registrations WHERE _file_id = $1",
        [result.fileId],
      ),
    ).toEqual([{ student_key: "S1", term: "HT2025\nsecond line" }]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 5, column_name: "Registered", value: "2025-08-28", reason: "bad_date" },
    ]);
  });

  it("a header moved off the profile's row (title rows removed, or one added) is found, with a warning", async () => {
    for (const [name, titles] of [
      ["registrations_no_titles.xlsx", []],
      [
        "registrations_more_titles.xlsx",
        ["Course registrations", "Exported 2026-01-31", "Faculty of Science"],
      ],
    ] as const) {
      const path = bench.write(name, "");
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Registrations");
      for (const title of titles) sheet.addRow([title]);
      sheet.addRow(["Student", "Course", "Term", "Registered", "Day", "Credits"]);
      // a formula saved without its result, in a row read while the header is looked for: counted once
      sheet.addRow(["S1", "MA1001", "HT2025", new Date(Date.UTC(2025, 7, 28)), 1, { formula: "3*2.5" }]);
      sheet.addRow(["S2", "MA1002", "HT2025", "2025-08-28", 1, 7.5]);
      await workbook.xlsx.writeFile(path);
      const result = await bench.ingestOne(path);
      const header = titles.length + 1;
      expect(result, name).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
      expect(result.warnings, name).toEqual([
        `${name}: the profile's columns are in row ${header} of sheet "Registrations", not in row 3 (csv.headerLine); read from row ${header}`,
        `${name}: 1 formula cell(s) have no saved result and read as empty; open and save the file in Excel to calculate them`,
      ]);
      expect(
        await bench.warehouse.all(
          "SELECT student_key, registered_on::VARCHAR AS registered FROM raw.records__course_registrations WHERE _file_id = $1",
          [result.fileId],
        ),
        name,
      ).toEqual([{ student_key: "S1", registered: "2025-08-28" }]);
      expect(await bench.quarantine(result.fileId), name).toEqual([
        { line: header + 2, column_name: "Registered", value: "2025-08-28", reason: "bad_date" },
      ]);
    }
  });

  it("a missing sheet and a file that is not a workbook are refused by name", async () => {
    const profile = testProfile({
      contract: "records.course_registrations",
      xlsx: { sheet: "Sheet9" },
      columns: { Student: "student_key", Course: "course_code" },
    });
    const other = bench.write("other.xlsx", "");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Info");
    workbook.addWorksheet("Registrations").addRow(["Student", "Course"]);
    await workbook.xlsx.writeFile(other);
    await bench.expectRefused(
      other,
      /other\.xlsx: no sheet "Sheet9"; sheets: "Info", "Registrations"/,
      profile,
    );
    const fake = bench.write("fake.xlsx", "student,course\nS1,C1\n");
    await bench.expectRefused(fake, /fake\.xlsx: not a readable \.xlsx file/, profile);
  });

  it("data not on the first sheet: the failure names the workbook's other sheets and xlsx.sheet", async () => {
    const profile = testProfile({
      contract: "records.course_registrations",
      columns: { Student: "student_key", Course: "course_code" },
    });
    const book = async (name: string, first: (sheet: ExcelJS.Worksheet) => void) => {
      const file = bench.write(name, "");
      const workbook = new ExcelJS.Workbook();
      first(workbook.addWorksheet("Notes"));
      workbook.addWorksheet("Registrations").addRow(["Student", "Course"]).commit();
      workbook.getWorksheet("Registrations")!.addRow(["S1", "C1"]);
      workbook.addWorksheet("Summary");
      await workbook.xlsx.writeFile(file);
      return file;
    };
    const empty = await book("empty-first.xlsx", () => undefined);
    await bench.expectRefused(
      empty,
      /^empty-first\.xlsx \(line 1\): no header in row 1 of sheet "Notes"; the workbook's other sheets are "Registrations", "Summary": choose one with xlsx\.sheet in the profile$/,
      profile,
    );
    const notes = await book("notes-first.xlsx", (sheet) => sheet.addRow(["Read me first"]));
    await bench.expectRefused(
      notes,
      /^notes-first\.xlsx \(line 1, column "Student"\): missing columns "Student" .* expects the columns Student, Course; read sheet "Notes", the workbook's other sheets are "Registrations", "Summary": choose one with xlsx\.sheet in the profile$/,
      profile,
    );
    const chosen = testProfile({ ...profile, name: "chosen", xlsx: { sheet: "Registrations" } });
    expect(await bench.ingestOne(notes, chosen)).toMatchObject({ status: "loaded", rowsLoaded: 1 });
  });

  it("a password-protected (or legacy .xls) workbook is named as such", async () => {
    // Excel encrypts a protected workbook into an OLE compound file, as the old .xls format was.
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const profile = testProfile({
      contract: "records.course_registrations",
      columns: { Student: "student_key", Course: "course_code" },
    });
    await bench.expectRefused(
      bench.write("protected.xlsx", ole),
      /^protected\.xlsx: password-protected or legacy \.xls workbook: save it unprotected as \.xlsx or CSV$/,
      profile,
    );
  });

  it("a horizontally merged cell's value stays in its top-left cell; a vertical merge fills down", async () => {
    const file = bench.write("merged.xlsx", "");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Registrations");
    sheet.addRow(["Student", "Course", "Term", "Credits"]);
    // B2:C2 merged across Course and Term: the term must not become the course code
    sheet.addRow(["S1", "MA1001", null, 7.5]);
    sheet.mergeCells("B2:C2");
    // C3:C4 merged down: both rows are in that term
    sheet.addRow(["S2", "MA1002", "HT2025", 7.5]);
    sheet.addRow(["S3", "MA1003", null, 7.5]);
    sheet.mergeCells("C3:C4");
    await workbook.xlsx.writeFile(file);
    const profile = testProfile({
      contract: "records.course_registrations",
      columns: { Student: "student_key", Course: "course_code", Term: "term", Credits: "credits" },
    });
    const result = await bench.ingestOne(file, profile);
    expect(result).toMatchObject({ rowsRead: 3, rowsLoaded: 3 });
    expect(
      await bench.warehouse.all(
        "SELECT student_key, course_code, term FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      ),
    ).toEqual([
      { student_key: "S1", course_code: "MA1001", term: null },
      { student_key: "S2", course_code: "MA1002", term: "HT2025" },
      { student_key: "S3", course_code: "MA1003", term: "HT2025" },
    ]);
  });
});
