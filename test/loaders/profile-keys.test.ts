import { describe, expect, it } from "vitest";
import { LoaderBench, testProfile } from "./harness.ts";

/** The profile keys that shape rows: filter, booleans, timestamps with a time of day, constants. */
describe("profile keys", () => {
  const bench = LoaderBench.forSuite();

  const applications = (extra: Record<string, unknown> = {}) =>
    testProfile({
      contract: "nya.applications",
      csv: { delimiter: ";" },
      columns: { Application: "application_code", Applicant: "applicant_id", Priority: "priority" },
      ...extra,
    });

  const rows = (fileId: number, sql: string) =>
    bench.warehouse.all(`${sql} FROM raw.nya__applications WHERE _file_id = $1 ORDER BY _row`, [fileId]);

  describe("filter", () => {
    // 10 records: 5 of the main admission, 3 of another stage, 2 totals rows.
    const FILE = [
      "Stage;Programme;Application;Applicant;Priority",
      "Main Admission;KAND;A1;P1;1",
      "Main Admission;KAND;A2;P2;2",
      "Late Admission;KAND;A3;P3;1",
      "Main Admission;Total;;;",
      "Main Admission;MAST;A4;P4;1",
      "Late Admission;MAST;A5;P5;1",
      "Main Admission;MAST;A6;P6;2",
      "Late Admission;KAND;A7;P7;2",
      "Main Admission;KAND;A8;P8;3",
      "Main Admission;Totalt;;;",
      "",
    ].join("\n");

    it("loads the rows that pass every filter and counts the others as filtered, not quarantined", async () => {
      const profile = applications({
        filter: [
          { column: "Stage", equals: "Main Admission" },
          { column: "Programme", notIn: ["Total", "Totalt"] },
        ],
      });
      const result = await bench.ingestOne(bench.write("stages.csv", FILE), profile);
      expect(result).toMatchObject({
        status: "loaded",
        rowsRead: 5,
        rowsLoaded: 5,
        rowsQuarantined: 0,
        rowsFiltered: 5,
        rawRows: 5,
      });
      // _row is still the record's number in the file.
      expect(await rows(result.fileId, "SELECT _row, application_code")).toEqual([
        { _row: 1, application_code: "A1" },
        { _row: 2, application_code: "A2" },
        { _row: 5, application_code: "A4" },
        { _row: 7, application_code: "A6" },
        { _row: 9, application_code: "A8" },
      ]);
      expect(await bench.quarantine(result.fileId)).toEqual([]);
      expect(
        await bench.warehouse.one("SELECT rows_filtered, filter FROM meta.load_filter WHERE file_id = $1", [
          result.fileId,
        ]),
      ).toEqual({
        rows_filtered: 5,
        filter: JSON.stringify(profile.filter),
      });
    });

    it("in and matches; a row that passes and is bad is still quarantined; a malformed line is never filtered", async () => {
      const profile = applications({
        filter: [
          { column: "Stage", in: ["Main Admission", "Late Admission"] },
          { column: "Programme", matches: "^(KAND|MAST)$" },
        ],
      });
      const file = [
        "Stage;Programme;Application;Applicant;Priority",
        "Main Admission;KAND;A1;P1;1",
        "Late Admission;MAST;A2;P2;first",
        "Reserve;KAND;A3;P3;1",
        "Main Admission;KANDX;A4;P4;1",
        "Reserve;KAND;A5",
        "Main Admission;MAST;A6;P6;2",
        "",
      ].join("\n");
      const result = await bench.ingestOne(bench.write("in-matches.csv", file), profile);
      expect(result).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 2, rowsFiltered: 2 });
      expect(await bench.quarantine(result.fileId)).toEqual([
        { line: 3, column_name: "Priority", value: "first", reason: "bad_integer" },
        { line: 6, column_name: "Applicant", value: null, reason: "malformed_line:missing_columns" },
      ]);
    });

    it("a filter on a column the file lacks fails the file, naming the key", async () => {
      await bench.expectRefused(
        bench.write("no-stage.csv", "Application;Applicant;Priority\nA1;P1;1\n"),
        /^no-stage\.csv \(line 1, column "Stage"\): the filter's column "Stage" is not in the header; fix filter\.0\.column in profile "test"$/,
        applications({ filter: [{ column: "Stage", equals: "Main Admission" }] }),
      );
    });

    it("is validated: one operator per filter, patterns DuckDB can run", () => {
      expect(() => applications({ filter: [{ column: "Stage", equals: "a", in: ["b"] }] })).toThrow(
        /filter\.0: give exactly one of equals, notEquals, in, notIn, matches/,
      );
      expect(() => applications({ filter: [{ column: "Stage" }] })).toThrow(/filter\.0: give exactly one/);
      expect(() => applications({ filter: [{ column: "Stage", matches: "(?<=a)b" }] })).toThrow(
        /filter\.0\.matches: look-arounds and back-references are not supported/,
      );
      expect(() => applications({ filter: [{ column: "Stage", equal: "a" }] })).toThrow(/filter\.0/);
    });
  });

  describe("booleans and timestamps", () => {
    const checkins = (extra: Record<string, unknown> = {}) =>
      testProfile({
        contract: "checkin.checkins",
        columns: { Id: "checkin_id", At: "checked_in_at", "Walk-in": "walk_in" },
        formats: { checked_in_at: "%d.%m.%Y %H:%M" },
        ...extra,
      });
    const FILE = [
      "Id,At,Walk-in",
      "C1,14.03.2024 09:12,Yes",
      "C2,14.03.2024 09:13,X",
      "C3,14.03.2024 09:14,no",
      "C4,14.03.2024 09:15,",
      "C5,14.03.2024 09:16,Maybe",
      "C6,14.03.2024 25:99,1",
      "C7,2024-03-14 09:17:00,0",
      "",
    ].join("\n");

    it("declared spellings read true and false (blank too); others quarantine as bad_boolean naming the key", async () => {
      const profile = checkins({
        booleans: { walk_in: { true: ["Yes", "X", "1"], false: ["No", "", "0"] } },
      });
      const result = await bench.ingestOne(bench.write("checkins.csv", FILE), profile);
      expect(result).toMatchObject({ rowsLoaded: 4, rowsQuarantined: 3 });
      const loaded = await bench.warehouse.all(
        "SELECT checkin_id, strftime(checked_in_at, '%Y-%m-%d %H:%M:%S') AS at, typeof(checked_in_at) AS type, walk_in FROM raw.checkin__checkins WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(loaded).toEqual([
        { checkin_id: "C1", at: "2024-03-14 09:12:00", type: "TIMESTAMP", walk_in: true },
        { checkin_id: "C2", at: "2024-03-14 09:13:00", type: "TIMESTAMP", walk_in: true },
        { checkin_id: "C3", at: "2024-03-14 09:14:00", type: "TIMESTAMP", walk_in: false },
        { checkin_id: "C4", at: "2024-03-14 09:15:00", type: "TIMESTAMP", walk_in: false },
      ]);
      expect(await bench.quarantine(result.fileId)).toEqual([
        { line: 6, column_name: "Walk-in", value: "Maybe", reason: "bad_boolean" },
        { line: 7, column_name: "At", value: "14.03.2024 25:99", reason: "bad_timestamp" },
        { line: 8, column_name: "At", value: "2024-03-14 09:17:00", reason: "bad_timestamp" },
      ]);
      expect(
        await bench.warehouse.all(
          "SELECT reason, detail FROM meta.quarantine WHERE file_id = $1 ORDER BY line",
          [result.fileId],
        ),
      ).toEqual([
        {
          reason: "bad_boolean",
          detail: 'expected one of booleans.walk_in: true "Yes", "X", "1"; false "No", "", "0"',
        },
        { reason: "bad_timestamp", detail: "expected timestamp as %d.%m.%Y %H:%M" },
        { reason: "bad_timestamp", detail: "expected timestamp as %d.%m.%Y %H:%M" },
      ]);
    });

    it("a timestamp re-saved without its seconds is read at :00; a date alone or an hour alone is not", async () => {
      const profile = checkins({ formats: { checked_in_at: "%d.%m.%Y %H:%M:%S" } });
      const file = [
        "Id,At,Walk-in",
        "C1,14.03.2024 09:12:05,no",
        "C2,14.03.2024 09:13,no",
        "C3,14.03.2024,no",
        "C4,14.03.2024 09,no",
        "C5,14.03.2024 09:61,no",
        "",
      ].join("\n");
      const result = await bench.ingestOne(bench.write("resaved.csv", file), profile);
      expect(result).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 3 });
      const loaded = await bench.warehouse.all(
        "SELECT checkin_id, strftime(checked_in_at, '%Y-%m-%d %H:%M:%S') AS at FROM raw.checkin__checkins WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(loaded).toEqual([
        { checkin_id: "C1", at: "2024-03-14 09:12:05" },
        { checkin_id: "C2", at: "2024-03-14 09:13:00" },
      ]);
      expect((await bench.quarantine(result.fileId)).map((q) => [q.line, q.value, q.reason])).toEqual([
        [4, "14.03.2024", "bad_timestamp"],
        [5, "14.03.2024 09", "bad_timestamp"],
        [6, "14.03.2024 09:61", "bad_timestamp"],
      ]);
    });

    it("without a declared blank, an empty cell is no value; without booleans, the built-in spellings", async () => {
      const declared = await bench.ingestOne(
        bench.write(
          "declared.csv",
          "Id,At,Walk-in\nC1,14.03.2024 09:12,J\nC2,14.03.2024 09:12,\nC3,14.03.2024 09:12,yes\n",
        ),
        checkins({ booleans: { walk_in: { true: ["J"], false: ["N"] } } }),
      );
      expect(declared).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 1 });
      const builtIn = await bench.ingestOne(
        bench.write(
          "built-in.csv",
          "Id,At,Walk-in\nC1,14.03.2024 09:12,ja\nC2,14.03.2024 09:12,nej\nC3,14.03.2024 09:12,sure\n",
        ),
        checkins(),
      );
      const walkIns = await bench.warehouse.all(
        "SELECT walk_in FROM raw.checkin__checkins WHERE _file_id IN ($1, $2) ORDER BY _file_id, _row",
        [declared.fileId, builtIn.fileId],
      );
      expect(walkIns.map((row) => (row as { walk_in: boolean | null }).walk_in)).toEqual([
        true,
        null,
        true,
        false,
      ]);
      expect(await bench.quarantine(builtIn.fileId)).toEqual([
        { line: 4, column_name: "Walk-in", value: "sure", reason: "bad_boolean" },
      ]);
    });

    it("booleans and formats are checked against the field's kind; a spelling both ways is refused", () => {
      expect(() => checkins({ booleans: { checkin_id: { true: ["Y"], false: ["N"] } } })).toThrow(
        /booleans\.checkin_id: "checkin_id" is a text field; booleans apply to boolean fields/,
      );
      expect(() => checkins({ formats: { walk_in: "%Y" } })).toThrow(
        /formats\.walk_in: "walk_in" is a boolean field; formats apply to date and timestamp fields/,
      );
      expect(() => checkins({ booleans: { walk_in: { true: ["Yes", "1"], false: ["yes"] } } })).toThrow(
        /booleans\.walk_in\.false: "yes" is spelled both true and false/,
      );
    });

    it("a date field reads a timestamp with its time when the format has one", async () => {
      const profile = applications({
        columns: { Application: "application_code", Applicant: "applicant_id", Applied: "applied_on" },
        formats: { applied_on: "%Y-%m-%d %H:%M:%S" },
      });
      const result = await bench.ingestOne(
        bench.write(
          "applied.csv",
          "Application;Applicant;Applied\nA1;P1;2024-03-14 09:12:33\nA2;P2;2024-03-14\n",
        ),
        profile,
      );
      expect(result).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 1 });
      expect(
        await rows(
          result.fileId,
          "SELECT strftime(applied_on, '%Y-%m-%d') AS applied_on, typeof(applied_on) AS type",
        ),
      ).toEqual([{ applied_on: "2024-03-14", type: "DATE" }]);
    });
  });

  it("constants work for every kind: text, integer and boolean (with declared spellings too)", async () => {
    const profile = applications({
      columns: { Application: "application_code", Applicant: "applicant_id" },
      constants: { admission_round: "HT2025", priority: "2", fee_paying: "Betalande" },
      booleans: { fee_paying: { true: ["Betalande"], false: ["Ej"] } },
    });
    const result = await bench.ingestOne(
      bench.write("constants.csv", "Application;Applicant\nA1;P1\nA2;P2\n"),
      profile,
    );
    expect(result).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 0 });
    expect(await rows(result.fileId, "SELECT admission_round, priority, fee_paying")).toEqual([
      { admission_round: "HT2025", priority: 2, fee_paying: true },
      { admission_round: "HT2025", priority: 2, fee_paying: true },
    ]);
    const plain = await bench.ingestOne(
      bench.write("constants-plain.csv", "Application;Applicant\nA1;P1\n"),
      applications({
        columns: { Application: "application_code", Applicant: "applicant_id" },
        constants: { fee_paying: "false" },
      }),
    );
    expect(await rows(plain.fileId, "SELECT fee_paying")).toEqual([{ fee_paying: false }]);
  });
});
