import { describe, expect, it } from "vitest";
import { headerOf } from "../../loaders/csv/header.ts";
import { loadProfiles, matchProfile } from "../../loaders/profile.ts";
import { LoaderBench, TEST_PROFILES, testProfile } from "./harness.ts";

const outcomes = (extra: Record<string, unknown>) =>
  testProfile({
    contract: "records.student_outcomes",
    columns: { id: "student_key", programme: "programme_code", result: "outcome" },
    ...extra,
  });

describe("source profiles", () => {
  it("every shipped profile is valid, and each real dataset file matches exactly one", async () => {
    const profiles = await loadProfiles([TEST_PROFILES]);
    expect(profiles.broken).toEqual([]);
    const expected: Record<string, string> = {
      "data.csv": "uci-dropout",
      "studentInfo.csv": "oulad-student-info",
      "studentRegistration.csv": "oulad-student-registration",
      "studentAssessment.csv": "oulad-student-assessment",
      "wo_inscriptions_2019.csv": "duo-wo-inscriptions",
      "hbo_inscriptions_2019.csv": "duo-hbo-inscriptions",
      "wo_gediplomeerden_2019.csv": "duo-wo-graduates",
      "hbo_gediplomeerden_2019.csv": "duo-hbo-graduates",
    };
    for (const [file, name] of Object.entries(expected))
      expect(matchProfile(profiles, file)?.name).toBe(name);
    expect(matchProfile(profiles, "studentVle.csv")).toBeNull();
  });

  it("a file name two profiles match must be told which", () => {
    const profiles = new Map([
      ["a", outcomes({ name: "a", match: "*.csv" })],
      ["b", outcomes({ name: "b", match: "x*.csv" })],
    ]);
    expect(() => matchProfile(profiles, "x1.csv")).toThrow(
      /x1\.csv: matches several profiles \(a, b\); choose one with --profile/,
    );
  });

  it("constants, the record number and unpivot fields count as mapped; each field once", () => {
    expect(() =>
      outcomes({ columns: { id: "student_key", result: "outcome" }, constants: { programme_code: "P1" } }),
    ).not.toThrow();
    expect(() =>
      outcomes({ columns: { programme: "programme_code", result: "outcome" }, rowNumber: "student_key" }),
    ).not.toThrow();
    expect(() => outcomes({ rowNumber: "student_key" })).toThrow(/rowNumber: "student_key" is mapped twice/);
    expect(() => outcomes({ constants: { cohort: "2025" } })).toThrow(
      /constants\.cohort: "cohort" is not a field of records\.student_outcomes/,
    );
    expect(() => outcomes({ columns: { id: "student_key" } })).toThrow(
      /required field "outcome" is not mapped/,
    );
    expect(() =>
      testProfile({
        contract: "external.programme_counts",
        columns: { BRIN: "institution_code", CODE: "programme_code" },
        constants: { measure: "graduates" },
        unpivot: { columns: "^(\\d{4}$", nameField: "year", valueField: "persons" },
      }),
    ).toThrow(/unpivot\.columns: not a valid regular expression/);
    expect(() => outcomes({ formats: { started_on: "%d/%m/%Y" } })).toThrow(
      /formats\.started_on: "started_on" is not a field/,
    );
  });

  it("header cells are trimmed, including a TAB inside quotes", () => {
    expect(headerOf('\uFEFFa;"Daytime/evening attendance\t";b\r\n1;2;3', 1, ";", '"')).toEqual([
      "a",
      "Daytime/evening attendance",
      "b",
    ]);
  });

  describe("at load time", () => {
    const bench = LoaderBench.forSuite();

    it("a constant fills its field; value maps translate before the contract's accepted values are checked", async () => {
      const profile = outcomes({
        columns: { id: "student_key", result: "outcome" },
        constants: { programme_code: "BSc-CS", intake: "HT2025" },
        values: { outcome: { G: "graduated", D: "dropped_out" } },
      });
      const result = await bench.ingestOne(
        bench.write("outcomes.csv", "id,result\n1,G\n2,D\n3,Q\n"),
        profile,
      );
      expect(result).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 1 });
      const rows = await bench.warehouse.all(
        "SELECT student_key, programme_code, intake, outcome FROM raw.records__student_outcomes WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(rows).toEqual([
        { student_key: "1", programme_code: "BSc-CS", intake: "HT2025", outcome: "graduated" },
        { student_key: "2", programme_code: "BSc-CS", intake: "HT2025", outcome: "dropped_out" },
      ]);
      expect(await bench.quarantine(result.fileId)).toEqual([
        { line: 4, column_name: "result", value: "Q", reason: "not_accepted" },
      ]);
    });

    it("an unpivot pattern that matches no header is refused, without showing the header line", async () => {
      const profile = testProfile({
        contract: "external.programme_counts",
        columns: { BRIN: "institution_code", CODE: "programme_code" },
        constants: { measure: "graduates" },
        unpivot: { columns: "^\\d{4}$", nameField: "year", valueField: "persons" },
      });
      await bench.expectRefused(
        bench.write("long.csv", "BRIN,CODE,year,persons\n21PC,50700,2019,8\n"),
        /^long\.csv \(line 1\): unpivot\.columns \/\^\\d\{4\}\$\/ matches none of the 4 header columns; fix unpivot\.columns in the profile$/,
        profile,
      );
    });
  });
});
