import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferProfile } from "../../loaders/infer/infer-profile.ts";
import { nameSimilarity } from "../../loaders/infer/similarity.ts";
import { sniffLayout } from "../../loaders/infer/sniff-layout.ts";
import { parseProfile } from "../../loaders/profile.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { quoteLiteral } from "../../warehouse/sql.ts";
import { DATASETS, HAS_DATASETS, LOADER_FIXTURES, LoaderBench } from "./harness.ts";

const REPORT = join(LOADER_FIXTURES, "infer", "course_registrations_2026-01-31.csv");

describe("profile infer", () => {
  let scratch: Warehouse;
  beforeAll(async () => {
    scratch = await Warehouse.open(":memory:", { migrate: false });
  });
  afterAll(() => scratch.close());

  it("sniffs encoding, delimiter, header line below metadata, kinds, date format and decimal comma", async () => {
    const inferred = await inferProfile(scratch, REPORT);
    expect(inferred.profile).toEqual({
      name: "course-registrations",
      description: expect.stringContaining("Draft inferred from course_registrations_2026-01-31.csv"),
      contract: "records.course_registrations",
      match: "course_registrations_*.csv",
      csv: { delimiter: ";", encoding: "windows-1252", headerLine: 4, decimalComma: true },
      columns: {
        "Student ID": "student_key",
        "Course code": "course_code",
        Term: "term",
        "Registration date": "registered_on",
        Credits: "credits",
      },
      formats: { registered_on: "%d/%m/%Y" },
    });
    expect(inferred.columns.map((column) => [column.header, column.type.kind])).toEqual([
      ["Student ID", "text"],
      ["Course code", "text"],
      ["Term", "text"],
      ["Registration date", "date"],
      ["Credits", "decimal"],
      ["Note", "text"],
    ]);
    expect(inferred.notes).toEqual(['column "Note" is not mapped']);
  });

  it("drafts a profile that loads the file it was inferred from", async () => {
    const inferred = await inferProfile(scratch, REPORT);
    const profile = parseProfile(inferred.profile, "draft");
    const bench = await LoaderBench.open();
    try {
      const result = await bench.ingestOne(REPORT, profile);
      expect(result).toMatchObject({ rowsRead: 4, rowsLoaded: 4, rowsQuarantined: 0 });
      const credits = await bench.warehouse.all<{ credits: number }>(
        "SELECT credits FROM raw.records__course_registrations ORDER BY _row",
      );
      expect(credits.map((row) => row.credits)).toEqual([7.5, 15, 1007.5, 30]);
    } finally {
      bench.close();
    }
  });

  it.runIf(HAS_DATASETS)(
    "chooses the contract the headers fit best, and says what is left to do",
    async () => {
      const inferred = await inferProfile(scratch, join(DATASETS, "duo_ho_2019", "wo_inscriptions_2019.csv"));
      expect(inferred.profile).toMatchObject({
        contract: "external.programme_counts",
        match: "wo_inscriptions_*.csv",
        csv: { delimiter: ";", headerLine: 1 },
        columns: expect.objectContaining({
          PROVINCIE: "province",
          "BRIN NUMMER ACTUEEL": "institution_code",
          "OPLEIDINGSCODE ACTUEEL": "programme_code",
          GESLACHT: "gender",
        }),
      });
      expect(inferred.notes).toContainEqual(
        expect.stringMatching(/columns 2015, 2016, 2017, 2018, 2019 look like one column per year/),
      );
      expect(inferred.notes).toContainEqual('draft: columns: required field "persons" is not mapped');
    },
  );

  it("drafts from a workbook's first sheet below its title rows, and from Parquet", async () => {
    const bench = await LoaderBench.open();
    try {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Export");
      sheet.addRow(["Registrations"]);
      sheet.addRow([]);
      sheet.addRow(["Student ID", "Course code", "Registration date", "Credits"]);
      sheet.addRow(["0012", "MA1001", new Date(Date.UTC(2025, 7, 28)), 7.5]);
      sheet.addRow(["0013", "MA1001", new Date(Date.UTC(2025, 7, 29)), 15]);
      const xlsx = join(bench.dir, "registrations.xlsx");
      await workbook.xlsx.writeFile(xlsx);
      const fromSheet = await inferProfile(scratch, xlsx);
      expect(fromSheet.profile).toMatchObject({
        contract: "records.course_registrations",
        csv: { headerLine: 3, decimalComma: false },
        columns: {
          "Student ID": "student_key",
          "Course code": "course_code",
          "Registration date": "registered_on",
          Credits: "credits",
        },
      });
      const loaded = await bench.ingestOne(xlsx, parseProfile(fromSheet.profile, "draft"));
      expect(loaded).toMatchObject({ rowsRead: 2, rowsLoaded: 2 });

      const parquet = join(bench.dir, "registrations.parquet");
      await bench.warehouse.run(
        `COPY (SELECT 'S1' AS student_id, 'MA1001' AS course, DATE '2025-08-28' AS registered, 7.5 AS credits) TO ${quoteLiteral(parquet)} (FORMAT parquet)`,
      );
      const fromParquet = await inferProfile(scratch, parquet);
      expect(fromParquet.profile).not.toHaveProperty("csv");
      expect(fromParquet.profile).toMatchObject({
        contract: "records.course_registrations",
        columns: { student_id: "student_key", course: "course_code", credits: "credits" },
      });
    } finally {
      bench.close();
    }
  });

  it("finds the delimiter and header line of a report with title lines", () => {
    expect(sniffLayout("Title line\nExported 2026\n\na\tb\tc\n1\t2\t3\n4\t5\t6\n")).toEqual({
      delimiter: "\t",
      headerLine: 4,
      header: ["a", "b", "c"],
      hintLines: 0,
    });
  });

  it("takes the delimiter from Excel's sep= first line, and counts the header line below it", () => {
    expect(sniffLayout("sep=,\na;b,c;d\n1;2,3;4\n5;6,7;8\n")).toEqual({
      delimiter: ",",
      headerLine: 1,
      header: ["a;b", "c;d"],
      hintLines: 1,
    });
  });

  it("scores names by shared words across languages and spellings", () => {
    expect(nameSimilarity("Student ID", "student_key")).toBe(1);
    expect(nameSimilarity("Kurskod", "course_code")).toBe(1);
    expect(nameSimilarity("registrationDate", "registered_on")).toBe(1);
    expect(nameSimilarity("Colour", "course_code")).toBeLessThan(0.5);
  });
});
