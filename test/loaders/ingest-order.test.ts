import { copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IngestResult } from "../../loaders/ingest.ts";
import { FIXTURES } from "../helpers/project.ts";
import { LOADER_FIXTURES, LoaderBench } from "./harness.ts";

// A workbook goes to records.course_registrations (test-xlsx-registrations); so does the Ladok report
// (test-ladok-registrations); the CRM form submissions go to a table of their own.
const CRM = join(FIXTURES, "crm", "crm_form_submissions_2026-02-06.csv");
const LADOK = join(LOADER_FIXTURES, "ladok", "report_kursregistreringar_2026-01-31.csv");

async function writeWorkbook(path: string, student: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Registrations");
  sheet.addRow(["Course registrations"]);
  sheet.addRow(["Exported 2026-01-31"]);
  sheet.addRow(["Student", "Course", "Term", "Registered", "Day", "Credits"]);
  sheet.addRow([student, "MA1001", "HT2025", "28/08/2025", 1, 7.5]);
  await workbook.xlsx.writeFile(path);
}

/** Ingests the files, noting the order their outcomes were reported in (the progress lines). */
async function ingestNoting(bench: LoaderBench, paths: string[]) {
  const reported: string[] = [];
  const results = await bench.ingestWith(paths, undefined, {
    onFile: (result: IngestResult, index: number, total: number) =>
      reported.push(`${index + 1}/${total} ${result.file}`),
  });
  return { results, reported };
}

const scratchOfThisProcess = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith(`slm-xlsx-${process.pid}-`));

describe("the order a batch loads its files in", () => {
  // a fresh warehouse per test: the file ids tell the order the files were loaded in
  let bench: LoaderBench;
  beforeEach(async () => {
    bench = await LoaderBench.open();
  });
  afterEach(() => bench.close());

  it("loads a workbook whose table no other file of the batch goes to after the others, and reports in the order given", async () => {
    const workbook = join(bench.dir, "registrations_2026.xlsx");
    await writeWorkbook(workbook, "S1");
    const { results, reported } = await ingestNoting(bench, [workbook, CRM]);
    expect(results.map((r) => [r.file, r.status, r.fileId, r.rowsLoaded])).toEqual([
      ["registrations_2026.xlsx", "loaded", 2, 1],
      ["crm_form_submissions_2026-02-06.csv", "loaded", 1, 4],
    ]);
    // progress counts files as they finish: the CSV first, the workbook (converted meanwhile) last
    expect(reported).toEqual(["1/2 crm_form_submissions_2026-02-06.csv", "2/2 registrations_2026.xlsx"]);
    expect(await bench.warehouse.all("SELECT student_key FROM raw.records__course_registrations")).toEqual([
      { student_key: "S1" },
    ]);
    expect(scratchOfThisProcess()).toEqual([]);
  });

  it("keeps a workbook in its place when another file of the batch goes to the same table: versions are ordered by load", async () => {
    const workbook = join(bench.dir, "registrations_2026.xlsx");
    await writeWorkbook(workbook, "S1");
    const ladok = join(bench.dir, "report_kursregistreringar_2026-01-31.csv");
    copyFileSync(LADOK, ladok);
    const { results, reported } = await ingestNoting(bench, [workbook, ladok, CRM]);
    expect(results.map((r) => [r.file, r.status, r.fileId])).toEqual([
      ["registrations_2026.xlsx", "loaded", 1],
      ["report_kursregistreringar_2026-01-31.csv", "loaded", 2],
      ["crm_form_submissions_2026-02-06.csv", "loaded", 3],
    ]);
    expect(reported.map((line) => line.split(" ")[1])).toEqual(results.map((r) => r.file));
  });

  it("fails a broken workbook opened ahead with its own reason, loads the rest and leaves no converted copy", async () => {
    const broken = bench.write("registrations_broken.xlsx", "PK\u0003\u0004 not really a workbook");
    const { results } = await ingestNoting(bench, [broken, CRM]);
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ["registrations_broken.xlsx", "failed"],
      ["crm_form_submissions_2026-02-06.csv", "loaded"],
    ]);
    expect(results[0]!.error).toMatch(/registrations_broken\.xlsx/);
    expect(scratchOfThisProcess()).toEqual([]);
  });

  it("skips a workbook loaded before, in its place", async () => {
    const workbook = join(bench.dir, "registrations_2026.xlsx");
    await writeWorkbook(workbook, "S1");
    await bench.ingestWith([workbook]);
    const { results, reported } = await ingestNoting(bench, [workbook, CRM]);
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ["registrations_2026.xlsx", "skipped"],
      ["crm_form_submissions_2026-02-06.csv", "loaded"],
    ]);
    expect(reported.map((line) => line.split(" ")[1])).toEqual(results.map((r) => r.file));
  });
});
