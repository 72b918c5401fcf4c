import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qualityReport } from "../../loaders/quality.ts";
import { LOADER_FIXTURES, LoaderBench, registrationsProfile } from "./harness.ts";

describe("quality report", () => {
  let bench: LoaderBench;
  beforeAll(async () => {
    bench = await LoaderBench.open();
  });
  afterAll(() => bench.close());

  it("groups the quarantine by file and reason with counts and at most three examples each", async () => {
    await bench.ingestOne(join(LOADER_FIXTURES, "duo", "wo_inscriptions_2019.csv"));
    const dates = ["2025-08-30", "1/9/2025", "2/9/2025", "3/9/2025", "4/9/2025", "2025-09-05"];
    const path = bench.write(
      "dates.csv",
      `student,course,registered\n${dates.map((date, i) => `S${i},C1,${date}`).join("\n")}\n`,
    );
    await bench.ingestOne(path, registrationsProfile());
    const report = await qualityReport(bench.warehouse);
    expect(report.files).toEqual([
      {
        file_id: 1,
        file_name: "wo_inscriptions_2019.csv",
        profile: "duo-wo-inscriptions",
        contract: "external.programme_counts",
        rows_read: 5,
        rows_loaded: 3,
        rows_quarantined: 2,
      },
      {
        file_id: 2,
        file_name: "dates.csv",
        profile: "test",
        contract: "records.course_registrations",
        rows_read: 6,
        rows_loaded: 2,
        rows_quarantined: 4,
      },
    ]);
    expect(report.quarantine.map(({ file_name, reason, rows }) => [file_name, reason, rows])).toEqual([
      ["wo_inscriptions_2019.csv", "bad_integer", 1],
      ["wo_inscriptions_2019.csv", "blank_line", 1],
      ["dates.csv", "bad_date", 4],
    ]);
    expect(report.quarantine[2]!.examples).toEqual([
      { line: 3, column_name: "registered", value: "1/9/2025", raw_line: "S1,C1,1/9/2025" },
      { line: 4, column_name: "registered", value: "2/9/2025", raw_line: "S2,C1,2/9/2025" },
      { line: 5, column_name: "registered", value: "3/9/2025", raw_line: "S3,C1,3/9/2025" },
    ]);
  });
});
