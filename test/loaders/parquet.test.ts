import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { quoteLiteral } from "../../warehouse/sql.ts";
import { LoaderBench } from "./harness.ts";

describe("Parquet files", () => {
  const bench = LoaderBench.forSuite();

  it("load through the same typed path: native dates round-trip, codes stay text, bad rows are quarantined by record", async () => {
    const path = join(bench.dir, "registrations_2026.parquet");
    await bench.warehouse.run(
      `COPY (SELECT * FROM (VALUES
               ('S1', '0080', 'HT2025', DATE '2025-08-28', -3, 7.5),
               ('S2', NULL, 'HT2025', DATE '2025-08-29', -2, 7.5),
               ('Šárka', 'MA1001', 'HT2025', NULL, NULL, 15.25)
             ) AS t(student, course, term, registered, "day", credits))
         TO ${quoteLiteral(path)} (FORMAT parquet)`,
    );
    const result = await bench.ingestOne(path);
    expect(result).toMatchObject({
      profile: "test-parquet-registrations",
      rowsRead: 3,
      rowsLoaded: 2,
      rowsQuarantined: 1,
    });
    const rows = await bench.warehouse.all(
      `SELECT student_key, course_code, strftime(registered_on, '%Y-%m-%d') AS registered_on, registered_day, credits
         FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row`,
      [result.fileId],
    );
    expect(rows).toEqual([
      {
        student_key: "S1",
        course_code: "0080",
        registered_on: "2025-08-28",
        registered_day: -3,
        credits: 7.5,
      },
      {
        student_key: "Šárka",
        course_code: "MA1001",
        registered_on: null,
        registered_day: null,
        credits: 15.25,
      },
    ]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 2, column_name: "course", value: null, reason: "missing_required" },
    ]);
  });

  it("a file that is not Parquet is refused", async () => {
    const path = bench.write("registrations_broken.parquet", "student,course\nS1,C1\n");
    await bench.expectRefused(path, /registrations_broken\.parquet: not a readable Parquet file/);
  });
});
