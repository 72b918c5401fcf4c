import { describe, expect, it } from "vitest";
import { checkFile } from "../../loaders/profile-check.ts";
import { LoaderBench, testProfile } from "./harness.ts";

describe("profile check: a dry run of a file through its profile", () => {
  const bench = LoaderBench.forSuite();

  const profile = testProfile({
    name: "nordic",
    contract: "nya.applications",
    csv: { delimiter: ";" },
    columns: {
      Application: "application_code",
      Applicant: "applicant_id",
      Priority: "priority",
      Applied: "applied_on",
      Fee: "fee_paying",
    },
    formats: { applied_on: "%d.%m.%Y %H:%M" },
    booleans: { fee_paying: { true: ["Ja"], false: ["Nej"] } },
    filter: [{ column: "Stage", equals: "Main" }],
  });
  const profiles = new Map([[profile.name, profile]]);
  const HEADER = "Stage;Application;Applicant;Priority;Applied;Fee";

  it("counts what would load, be filtered and be quarantined by reason and column, with lines, shapes and the key to fix", async () => {
    const path = bench.write(
      "check.csv",
      [
        HEADER,
        "Main;A1;P1;1;14.03.2024 09:12;Ja",
        "Main;A2;P2;one;14.03.2024 09:13;Nej",
        "Late;A3;P3;1;14.03.2024 09:14;Ja",
        "Main;A4;P4;2;2024-03-14;Ja",
        "Main;A5;P5;1;14.03.2024 10:00;Kanske",
        "Main;A6;P6;1;15/03/2024 10:00;Ja",
        "Main;;P7;1;14.03.2024 10:00;Ja",
        "Main;A8;P8;3;14.03.2024 11:00;Nej",
        "",
      ].join("\n"),
    );
    const report = await checkFile(path, { profiles, profileName: "nordic" });
    expect(report).toEqual({
      file: "check.csv",
      profile: "nordic",
      contract: "nya.applications",
      status: "ok",
      rowsRead: 7,
      rowsLoaded: 2,
      rowsQuarantined: 5,
      rowsFiltered: 1,
      rawRows: 2,
      quarantine: [
        {
          reason: "bad_date",
          column: "Applied",
          rows: 2,
          lines: [5, 7],
          shapes: ["9999-99-99", "99/99/9999 99:99"],
          fix: "formats.applied_on (the column's date format)",
        },
        {
          reason: "bad_boolean",
          column: "Fee",
          rows: 1,
          lines: [6],
          shapes: ["xxxxxx"],
          fix: "booleans.fee_paying (the file's spellings of true and false)",
        },
        {
          reason: "bad_integer",
          column: "Priority",
          rows: 1,
          lines: [3],
          shapes: ["xxx"],
          fix: 'columns."Priority" (is it the export column for priority?)',
        },
        {
          reason: "missing_required",
          column: "Application",
          rows: 1,
          lines: [8],
          shapes: [null],
          fix: 'columns."Application" (is it the export column for application_code?)',
        },
      ],
      error: null,
      warnings: [],
    });
    // Nothing of it reached the bench's warehouse: the run had a warehouse of its own.
    expect(await bench.warehouse.scalar("SELECT count(*)::INTEGER FROM meta.load_manifest")).toBe(0);
  });

  it("a file no row of which would load is all_quarantined, with ingest's reason; one that cannot load is failed", async () => {
    const none = bench.write(
      "none.csv",
      `${HEADER}\nMain;A1;P1;1;2024-03-14;Ja\nMain;A2;P2;1;2024-03-15;Ja\n`,
    );
    const report = await checkFile(none, { profiles, profileName: "nordic" });
    expect(report).toMatchObject({ status: "all_quarantined", rowsLoaded: 0, rowsQuarantined: 2 });
    expect(report.error).toMatch(
      /^none\.csv: none of its 2 rows loaded, all were quarantined; top reasons: bad_date in column "Applied" \(2 rows\): check formats\.applied_on in profile "nordic"/,
    );
    const missing = bench.write("missing.csv", "Stage;Application\nMain;A1\n");
    expect(await checkFile(missing, { profiles, profileName: "nordic" })).toMatchObject({
      status: "failed",
      rowsRead: 0,
      quarantine: [],
      error: expect.stringMatching(/^missing\.csv \(line 1, column "Applicant"\): missing column/),
    });
  });
});
