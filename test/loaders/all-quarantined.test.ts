import { describe, expect, it } from "vitest";
import { LoaderBench, registrationsProfile } from "./harness.ts";

const HEADER = "student,course,term,registered,day,credits";
const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;

/** A file that loads nothing because every row was quarantined is a failure, not a quiet success. */
describe("a file whose every row was quarantined", () => {
  const bench = LoaderBench.forSuite();

  it("fails, giving the top reasons and the profile key to fix; its rows stay quarantined and counted", async () => {
    const path = bench.write(
      "us-dates.csv",
      csv(
        "S1,C1,HT25,08/30/2025,1,7.5",
        "S2,C1,HT25,08/31/2025,2,7.5",
        "S3,C1,HT25,2025-09-01,three,7.5",
        "S4,C1,HT25,09/02/2025,4,7,5",
      ),
    );
    const result = await bench.ingestOne(path, registrationsProfile());
    expect(result).toMatchObject({ status: "failed", rowsRead: 4, rowsLoaded: 0, rowsQuarantined: 4 });
    expect(result.error).toBe(
      `us-dates.csv: none of its 4 rows loaded, all were quarantined; top reasons: bad_date in column "registered" (2 rows): check formats.registered_on in profile "test" (the column's date format); bad_integer in column "day" (1 row): check columns."day" in profile "test" (is it the export column for registered_day?); malformed_line:too_many_columns (1 row): check csv.delimiter and csv.quote in profile "test"; after fixing the profile, load it again with: slm ingest --replace ${path}`,
    );
    expect((await bench.quarantine(result.fileId)).map((q) => q.reason)).toEqual([
      "bad_date",
      "bad_date",
      "bad_integer",
      "malformed_line:too_many_columns",
    ]); // loaded once all the same: a second run skips it, and says so
    const [again] = await bench.ingest([path], registrationsProfile());
    expect(again).toMatchObject({ status: "skipped", fileId: result.fileId });
    expect(again!.note).toMatch(
      /^already loaded as file \d+ \(us-dates\.csv\) at .*, every row quarantined \(slm quality; after fixing the profile: slm ingest --replace \S+us-dates\.csv\)$/,
    );
  });

  it("a file with one row loaded, or with no data rows at all, is not a failure", async () => {
    const some = await bench.ingestOne(
      bench.write("one-good.csv", csv("S1,C1,HT25,2025-08-30,1,7.5", "S2,C1,HT25,08/31/2025,2,7.5")),
      registrationsProfile(),
    );
    expect(some).toMatchObject({ status: "loaded", rowsLoaded: 1, rowsQuarantined: 1, error: null });
    const none = await bench.ingestOne(bench.write("header-only.csv", csv()), registrationsProfile());
    expect(none).toMatchObject({ status: "loaded", rowsRead: 0, error: null });
    // only lines that hold no data: a totals row, a blank line, the header again
    const junk = await bench.ingestOne(
      bench.write("totals-only.csv", csv("Total,,,,,7.5", ",,,,,", HEADER)),
      registrationsProfile(),
    );
    expect(junk).toMatchObject({ status: "loaded", rowsLoaded: 0, rowsQuarantined: 3, error: null });
  });

  it("names the column mapping for a required column that is empty in every row", async () => {
    const path = bench.write(
      "empty-course.csv",
      csv("S1,,HT25,2025-08-30,1,7.5", "S2,,HT25,2025-08-30,1,7.5"),
    );
    const result = await bench.ingestOne(path, registrationsProfile());
    expect(result.error).toBe(
      `empty-course.csv: none of its 2 rows loaded, all were quarantined; top reasons: missing_required in column "course" (2 rows): check columns."course" in profile "test" (is it the export column for course_code?); after fixing the profile, load it again with: slm ingest --replace ${path}`,
    );
  });
});
