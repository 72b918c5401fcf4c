import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { qualityReport } from "../../loaders/quality.ts";
import { LOADER_FIXTURES, LoaderBench, registrationsProfile } from "./harness.ts";

describe("quality report", () => {
  const bench = LoaderBench.forSuite();

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
    // By default an analyst sees where and why, and the value's shape: never the value or the line.
    expect(report.values_shown).toBe(false);
    expect(report.quarantine[2]!.examples).toEqual([
      { line: 3, column_name: "registered", value: "9/9/9999", raw_line: null },
      { line: 4, column_name: "registered", value: "9/9/9999", raw_line: null },
      { line: 5, column_name: "registered", value: "9/9/9999", raw_line: null },
    ]);
    const shown = await qualityReport(bench.warehouse, { showValues: true });
    expect(shown.values_shown).toBe(true);
    expect(shown.quarantine[2]!.examples).toEqual([
      { line: 3, column_name: "registered", value: "1/9/2025", raw_line: "S1,C1,1/9/2025" },
      { line: 4, column_name: "registered", value: "2/9/2025", raw_line: "S2,C1,2/9/2025" },
      { line: 5, column_name: "registered", value: "3/9/2025", raw_line: "S3,C1,3/9/2025" },
    ]);
  });

  it("keeps the clear text of quarantined lines in raw alone", async () => {
    const path = bench.write(
      "people.csv",
      "student,course,registered\nanna.lind@example.org,C1,31/12/2025\nÅsa Öberg,C1,2025-13-01\n",
    );
    await bench.ingestOne(path, registrationsProfile());
    const outsideRaw = await bench.warehouse.all<{ t: string }>(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema <> 'raw' ORDER BY 1`,
    );
    for (const { t } of outsideRaw) {
      const [schema, table] = t.split(".");
      const hits = await bench.warehouse.scalar<number>(
        `SELECT count(*)::INTEGER FROM "${schema}"."${table}" AS x
          WHERE contains(x::VARCHAR, 'anna.lind') OR contains(x::VARCHAR, 'Öberg')`,
      );
      expect(hits, t).toBe(0);
    }
    expect(
      await bench.warehouse.all(
        "SELECT value, raw_line FROM raw.quarantined_lines WHERE contains(raw_line, '@') OR contains(raw_line, 'Å') ORDER BY _entry",
      ),
    ).toEqual([
      { value: "31/12/2025", raw_line: "anna.lind@example.org,C1,31/12/2025" },
      { value: "2025-13-01", raw_line: "Åsa Öberg,C1,2025-13-01" },
    ]);
    const report = await qualityReport(bench.warehouse);
    const people = report.quarantine.find((group) => group.file_name === "people.csv")!;
    expect(people.examples.map((e) => e.value)).toEqual(["99/99/9999", "9999-99-99"]);
    expect(JSON.stringify(report)).not.toMatch(/anna|Öberg|Åsa/);
  });
});
