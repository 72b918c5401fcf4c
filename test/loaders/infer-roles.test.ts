import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferProfile } from "../../loaders/infer/infer-profile.ts";
import { parseProfile } from "../../loaders/profile.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { FIXTURES } from "../helpers/project.ts";
import { LoaderBench } from "./harness.ts";

/**
 * A Nordic joint-admissions export, one row per application choice: a Finnish applicant number that
 * names no contract field, Yes/No and true/false flags, submission timestamps with a time of day, and a
 * stage column with two values repeated down the file.
 */
const HEADER =
  "Application no;Hakijanumero;Stage;Priority;Programme code;Applied at;Fee paying;Eligible;Invited";
const ROWS = [
  ["A01", "H1001", "Main Admission", "1", "KAND01", "2024-03-14 09:12:33", "No", "Yes", "true"],
  ["A02", "H1001", "Main Admission", "2", "MAST02", "2024-03-14 09:13:02", "No", "Yes", "false"],
  ["A03", "H1002", "Main Admission", "1", "KAND01", "2024-03-15 17:45:00", "Yes", "No", "false"],
  ["A04", "H1003", "Main Admission", "1", "MAST02", "2024-03-16 08:00:59", "No", "Yes", "true"],
  ["A05", "H1003", "Main Admission", "2", "KAND01", "2024-03-16 08:01:10", "No", "Yes", "true"],
  ["A06", "H1004", "Main Admission", "1", "KAND03", "2024-03-17 23:59:59", "Yes", "Yes", "true"],
  ["A07", "H1005", "Main Admission", "1", "KAND01", "2024-03-18 10:10:10", "No", "No", "false"],
  ["A08", "H1006", "Main Admission", "1", "MAST02", "2024-03-18 11:11:11", "No", "Yes", "true"],
  ["A09", "H1006", "Main Admission", "2", "KAND03", "2024-03-18 11:12:00", "No", "Yes", "false"],
  ["A10", "H1007", "Main Admission", "1", "KAND01", "2024-03-19 12:00:00", "No", "Yes", "true"],
  ["A11", "H1008", "Supplementary", "1", "KAND03", "2024-07-01 09:00:00", "No", "Yes", "true"],
  ["A12", "H1009", "Supplementary", "1", "MAST02", "2024-07-02 09:30:00", "Yes", "No", "false"],
  ["A13", "H1009", "Supplementary", "2", "KAND01", "2024-07-02 09:31:00", "Yes", "No", "false"],
  ["A14", "H1010", "Supplementary", "1", "KAND01", "2024-07-03 14:15:16", "No", "Yes", "true"],
];
const FILE = `${[HEADER, ...ROWS.map((row) => row.join(";"))].join("\n")}\n`;

describe("profile infer: ids, flags, timestamps and code lists", () => {
  let scratch: Warehouse;
  let bench: LoaderBench;
  let path: string;
  beforeAll(async () => {
    scratch = await Warehouse.open(":memory:", { migrate: false });
    bench = await LoaderBench.open();
    path = bench.write("hakemukset_2024.csv", FILE);
  });
  afterAll(() => {
    scratch.close();
    bench.close();
  });

  it("drafts the person id, boolean spellings, a timestamp format and a code-list skeleton", async () => {
    const inferred = await inferProfile(scratch, path, { contract: "nya.applications" });
    expect(inferred.profile).toEqual({
      name: "hakemukset",
      description: expect.stringContaining("Draft inferred from hakemukset_2024.csv"),
      contract: "nya.applications",
      match: "hakemukset_*.csv",
      csv: { delimiter: ";", encoding: "utf-8", headerLine: 1, decimalComma: false },
      columns: {
        "Application no": "application_code",
        Hakijanumero: "applicant_id",
        Priority: "priority",
        "Programme code": "programme_code",
        "Applied at": "applied_on",
        "Fee paying": "fee_paying",
      },
      formats: { applied_on: "%Y-%m-%d %H:%M:%S" },
      booleans: { fee_paying: { true: ["Yes"], false: ["No"] } },
      values: { programme_code: { KAND01: "KAND01", MAST02: "MAST02", KAND03: "KAND03" } },
    });
    const looks = Object.fromEntries(inferred.columns.map((column) => [column.header, column.role]));
    expect(looks).toEqual({
      "Application no": "key",
      Hakijanumero: "person id",
      Stage: "code list",
      Priority: null,
      "Programme code": "code list",
      "Applied at": null,
      "Fee paying": "flag",
      Eligible: "flag",
      Invited: "flag",
    });
    expect(inferred.columns.find((c) => c.header === "Applied at")?.type).toMatchObject({
      kind: "timestamp",
      format: "%Y-%m-%d %H:%M:%S",
    });
    expect(inferred.notes).toEqual([
      'column "Hakijanumero" looks like a person id (code-like, 10 distinct values): mapped to applicant_id, the source\'s person identifier',
      'column "Stage" is not mapped (a code list of 2 values; to load only some rows: "filter": [{ "column": "Stage", "equals": "Main Admission" }])',
      'column "Programme code" is a code list of 3 values: values.programme_code maps each to itself; write what each means',
      'column "Applied at" holds timestamps with a time of day: formats.applied_on is "%Y-%m-%d %H:%M:%S" (the time is dropped: the field is a date)',
      'column "Fee paying" is a flag: booleans.fee_paying reads "Yes" as true and "No" as false',
      'column "Eligible" is not mapped (a flag: "Yes" / "No")',
      'column "Invited" is not mapped (a flag: "true" / "false")',
    ]);
  });

  it("the draft validates and loads every row of the file it came from", async () => {
    const inferred = await inferProfile(scratch, path, { contract: "nya.applications" });
    const profile = parseProfile(inferred.profile, "draft");
    const result = await bench.ingestOne(path, profile);
    expect(result).toMatchObject({ rowsRead: 14, rowsLoaded: 14, rowsQuarantined: 0 });
    const first = await bench.warehouse.one(
      "SELECT applicant_id, strftime(applied_on, '%Y-%m-%d') AS applied_on, fee_paying, priority FROM raw.nya__applications WHERE _file_id = $1 AND _row = 3",
      [result.fileId],
    );
    expect(first).toEqual({ applicant_id: "H1002", applied_on: "2024-03-15", fee_paying: true, priority: 1 });
  });

  it("a ticked box (X or blank) is a flag whose blank means false", async () => {
    const rows = Array.from(
      { length: 6 },
      (_, i) => `C${i},2024-03-14 09:0${i}:00,${i % 2 === 0 ? "X" : ""}`,
    );
    const boxes = bench.write("checkins_2024.csv", `Checkin id,Checked in at,Walk in\n${rows.join("\n")}\n`);
    const inferred = await inferProfile(scratch, boxes, { contract: "checkin.checkins" });
    expect(inferred.profile).toMatchObject({
      columns: { "Checkin id": "checkin_id", "Checked in at": "checked_in_at", "Walk in": "walk_in" },
      booleans: { walk_in: { true: ["X"], false: [""] } },
    });
    expect(inferred.profile).not.toHaveProperty("formats");
    const result = await bench.ingestOne(boxes, parseProfile(inferred.profile, "draft"));
    expect(result).toMatchObject({ rowsLoaded: 6, rowsQuarantined: 0 });
    const walkIns = await bench.warehouse.all<{ walk_in: boolean }>(
      "SELECT walk_in FROM raw.checkin__checkins WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(walkIns.map((row) => row.walk_in)).toEqual([true, false, true, false, true, false]);
  });
  it("suggests admissions.choices for the Nordic fixture and maps every step flag and date by its name", async () => {
    const file = join(FIXTURES, "sources", "nordic", "joint_applications_2024.csv");
    const inferred = await inferProfile(scratch, file, {});
    expect(inferred.profile.contract).toBe("admissions.choices");
    expect(inferred.profile.columns).toEqual({
      "Application round": "round",
      "Application ID": "application_id",
      "Applicant ID": "person_id",
      Priority: "priority",
      "Choice submitted": "submitted_at",
      "Programme code": "programme_code",
      Eligible: "eligible",
      "Eligibility date": "eligible_on",
      Invited: "offered",
      "Invitation date": "offered_on",
      Signed: "accepted",
      "Signed date": "accepted_on",
      Financing: "financing",
    });
  });
});
