import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOADER_FIXTURES, LoaderBench } from "./harness.ts";

const fixture = (...parts: string[]) => join(LOADER_FIXTURES, ...parts);

/** One small literal fixture per source and format feature, loaded through its profile by file name. */
describe("sources through their profiles", () => {
  const bench = LoaderBench.forSuite();

  it("UCI dropout: BOM, ';', a TAB inside a quoted header, the record number as key, outcomes mapped", async () => {
    const result = await bench.ingestOne(fixture("uci", "data.csv"));
    expect(result).toMatchObject({ profile: "uci-dropout", rowsRead: 5, rowsLoaded: 4, rowsQuarantined: 1 });
    const rows = await bench.warehouse.all(
      `SELECT student_key, programme_code, study_mode, application_route, application_priority, prior_education,
              prior_education_grade, entry_grade, gender, age_at_entry, international, term1_units_registered,
              term2_grade_mean, outcome
         FROM raw.records__student_outcomes WHERE _file_id = $1 ORDER BY _row`,
      [result.fileId],
    );
    expect(rows[0]).toEqual({
      student_key: "1",
      programme_code: "171",
      study_mode: "daytime",
      application_route: "17",
      application_priority: 5,
      prior_education: "1",
      prior_education_grade: 122,
      entry_grade: 127.3,
      gender: "male",
      age_at_entry: 20,
      international: false,
      term1_units_registered: 0,
      term2_grade_mean: 0,
      outcome: "dropped_out",
    });
    expect(rows.map((row) => [row.student_key, row.outcome])).toEqual([
      ["1", "dropped_out"],
      ["2", "graduated"],
      ["3", "dropped_out"],
      ["4", "graduated"],
    ]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 6, column_name: "Target", value: "Unknown", reason: "not_accepted" },
    ]);
  });

  it("OULAD studentInfo: every field quoted, CRLF, blank imd_band, '10-20' given its '%'", async () => {
    const result = await bench.ingestOne(fixture("oulad", "studentInfo.csv"));
    expect(result).toMatchObject({ profile: "oulad-student-info", rowsRead: 6, rowsLoaded: 6 });
    const rows = await bench.warehouse.all(
      `SELECT student_key, programme_code, intake, prior_education, deprivation_band, age_band, disability,
              credits_registered, outcome
         FROM raw.records__student_outcomes WHERE _file_id = $1 ORDER BY _row`,
      [result.fileId],
    );
    expect(rows.map((row) => row.deprivation_band)).toEqual([
      "90-100%",
      "20-30%",
      "30-40%",
      "10-20%",
      null,
      "90-100%",
    ]);
    expect(rows.map((row) => row.outcome)).toEqual([
      "passed",
      "passed",
      "withdrawn",
      "failed",
      "passed",
      "distinction",
    ]);
    expect(rows[2]).toEqual({
      student_key: "30268",
      programme_code: "AAA",
      intake: "2013J",
      prior_education: "A Level or Equivalent",
      deprivation_band: "30-40%",
      age_band: "35-55",
      disability: true,
      credits_registered: 60,
      outcome: "withdrawn",
    });
  });

  it("OULAD studentRegistration: day offsets, negative before the start, blanks stay empty", async () => {
    const result = await bench.ingestOne(fixture("oulad", "studentRegistration.csv"));
    expect(result).toMatchObject({ profile: "oulad-student-registration", rowsRead: 4, rowsLoaded: 4 });
    const rows = await bench.warehouse.all(
      "SELECT student_key, course_code, term, registered_day, unregistered_day FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(rows).toEqual([
      {
        student_key: "11391",
        course_code: "AAA",
        term: "2013J",
        registered_day: -159,
        unregistered_day: null,
      },
      {
        student_key: "28400",
        course_code: "AAA",
        term: "2013J",
        registered_day: -53,
        unregistered_day: null,
      },
      { student_key: "30268", course_code: "AAA", term: "2013J", registered_day: -92, unregistered_day: 12 },
      {
        student_key: "630346",
        course_code: "BBB",
        term: "2013B",
        registered_day: null,
        unregistered_day: null,
      },
    ]);
  });

  it('DUO: wide year columns unpivoted in DuckDB; a stray "" line and a bad cell each quarantine their whole line', async () => {
    const result = await bench.ingestOne(fixture("duo", "wo_inscriptions_2019.csv"));
    expect(result).toMatchObject({
      profile: "duo-wo-inscriptions",
      rowsRead: 5,
      rowsLoaded: 3,
      rowsQuarantined: 2,
      rawRows: 15,
    });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 4, column_name: null, value: null, reason: "blank_line" },
      { line: 5, column_name: "2017", value: "x", reason: "bad_integer" },
    ]);
    const unpivot = await bench.warehouse.one(
      "SELECT lines_loaded, raw_rows, wide_columns::VARCHAR AS wide FROM meta.load_unpivot WHERE file_id = $1",
      [result.fileId],
    );
    expect(unpivot).toEqual({ lines_loaded: 3, raw_rows: 15, wide: "[2015, 2016, 2017, 2018, 2019]" });
    const first = await bench.warehouse.all(
      `SELECT _row, sector, municipality_code, institution_code, programme_code, level, gender, measure, year, persons
         FROM raw.external__programme_counts WHERE _file_id = $1 AND _row = 1 ORDER BY year`,
      [result.fileId],
    );
    expect(first.map((row) => [row.year, row.persons])).toEqual([
      [2015, 8],
      [2016, 4],
      [2017, 10],
      [2018, 5],
      [2019, 6],
    ]);
    expect(first[0]).toMatchObject({
      sector: "wo",
      municipality_code: "0080",
      institution_code: "21PC",
      programme_code: "50700",
      level: "bachelor",
      gender: "male",
      measure: "first_year_enrolments",
    });
  });

  it("Ladok-style report: metadata lines above the header, ';', decimal commas, Windows-1252", async () => {
    const result = await bench.ingestOne(fixture("ladok", "report_kursregistreringar_2026-01-31.csv"));
    expect(result).toMatchObject({ profile: "test-ladok-registrations", rowsRead: 5, rowsLoaded: 3 });
    const rows = await bench.warehouse.all(
      "SELECT student_key, course_code, strftime(registered_on, '%Y-%m-%d') AS registered_on, credits FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(rows).toEqual([
      { student_key: "a1b2c3d4-0001", course_code: "MA1001", registered_on: "2025-08-28", credits: 7.5 },
      { student_key: "a1b2c3d4-0002", course_code: "MA1001", registered_on: "2025-08-29", credits: 1007.5 },
      { student_key: "a1b2c3d4-0003", course_code: "FY2002", registered_on: "2025-08-29", credits: 15 },
    ]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 8, column_name: "Omfattning (hp)", value: "sju och en halv", reason: "bad_decimal" },
      { line: 9, column_name: "Ladok-UID", value: "Summa", reason: "totals_row" },
    ]);
  });

  describe("encodings and delimiters end to end", () => {
    const expected = [
      { student_key: "Šárka ‘Sára’ Novák", course_code: "EKO€1", credits: 7.5 },
      { student_key: "José Müller", course_code: "MA1001", credits: 15 },
    ];
    const names = async (fileId: number) =>
      bench.warehouse.all(
        "SELECT student_key, course_code, credits FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [fileId],
      );

    it("Windows-1252 with the bytes 0x80 0x8A 0x91 0x92 (€ Š ‘ ’)", async () => {
      const result = await bench.ingestOne(fixture("encodings", "enc_windows1252.csv"));
      expect(await names(result.fileId)).toEqual(expected);
    });

    it.each(["enc_utf16le.csv", "enc_utf16be.csv", "enc_tab.tsv"])("%s", async (file) => {
      const result = await bench.ingestOne(fixture("encodings", file));
      expect(await names(result.fileId)).toEqual(expected);
    });

    it("Latin-1", async () => {
      const result = await bench.ingestOne(fixture("encodings", "enc_latin1.csv"));
      expect((await names(result.fileId)).map((row) => row.student_key)).toEqual([
        "Åsa Öberg",
        "José Müller",
      ]);
    });

    it("quoted newlines, delimiters and doubled quotes inside fields", async () => {
      const result = await bench.ingestOne(fixture("encodings", "enc_quoted_newline.csv"));
      expect((await names(result.fileId)).map((row) => row.student_key)).toEqual([
        "Ann\nMarie Berg",
        'Lee, "Jo"',
      ]);
    });
  });
});
