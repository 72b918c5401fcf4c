import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestResult } from "../../loaders/ingest.ts";
import { DATASETS, HAS_DATASETS, LoaderBench } from "./harness.ts";

const FILES = {
  uci: "uci_dropout/data.csv",
  info: "oulad/studentInfo.csv",
  registration: "oulad/studentRegistration.csv",
  assessment: "oulad/studentAssessment.csv",
  woEnrolments: "duo_ho_2019/wo_inscriptions_2019.csv",
  hboEnrolments: "duo_ho_2019/hbo_inscriptions_2019.csv",
  woGraduates: "duo_ho_2019/wo_gediplomeerden_2019.csv",
  hboGraduates: "duo_ho_2019/hbo_gediplomeerden_2019.csv",
} as const;

const lines = (file: string) =>
  readFileSync(join(DATASETS, file), "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => line !== "");

/**
 * The public datasets of ../shared/datasets, loaded by file name through the shipped profiles, with
 * the row counts their README states, and cross-checks computed from the files themselves.
 */
describe.runIf(HAS_DATASETS)("real datasets", () => {
  let bench: LoaderBench;
  const results = new Map<string, IngestResult>();
  beforeAll(async () => {
    bench = await LoaderBench.open();
    for (const [key, file] of Object.entries(FILES)) {
      results.set(key, await bench.ingestOne(join(DATASETS, file)));
    }
  });
  afterAll(() => bench.close());
  const result = (key: keyof typeof FILES) => results.get(key)!;

  it("loads every file unedited (SHA-256 as in SHA256SUMS) through its profile", async () => {
    const sums = new Map(
      readFileSync(join(DATASETS, "SHA256SUMS"), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(/\s+/).reverse() as [string, string]),
    );
    const manifest = await bench.warehouse.all<{ file_name: string; sha256: string; profile: string }>(
      "SELECT file_name, sha256, profile FROM meta.load_manifest ORDER BY file_id",
    );
    expect(manifest.map((row) => row.sha256)).toEqual(Object.values(FILES).map((file) => sums.get(file)));
    expect(manifest.map((row) => row.profile)).toEqual([
      "uci-dropout",
      "oulad-student-info",
      "oulad-student-registration",
      "oulad-student-assessment",
      "duo-wo-inscriptions",
      "duo-hbo-inscriptions",
      "duo-wo-graduates",
      "duo-hbo-graduates",
    ]);
  });

  it("has the README's row counts", () => {
    expect(result("uci")).toMatchObject({ rowsLoaded: 4424, rowsQuarantined: 0 });
    expect(result("info")).toMatchObject({ rowsLoaded: 32_593, rowsQuarantined: 0 });
    expect(result("registration")).toMatchObject({ rowsLoaded: 32_593, rowsQuarantined: 0 });
    expect(result("assessment")).toMatchObject({ rowsLoaded: 173_912, rowsQuarantined: 0 });
    const { seconds } = result("assessment");
    console.info(
      `studentAssessment.csv: 173,912 rows in ${seconds.toFixed(2)} s (${Math.round(173_912 / seconds).toLocaleString("en-GB")} rows/s)`,
    );
    // DUO: one input line per institution x programme x form x gender; each yields five years.
    expect(result("woEnrolments")).toMatchObject({ rowsLoaded: 3225, rowsQuarantined: 6, rawRows: 3225 * 5 });
    expect(result("hboEnrolments")).toMatchObject({
      rowsLoaded: 3815,
      rowsQuarantined: 7,
      rawRows: 3815 * 5,
    });
    expect(result("woGraduates")).toMatchObject({ rowsLoaded: 3367, rowsQuarantined: 5, rawRows: 3367 * 5 });
    expect(result("hboGraduates")).toMatchObject({ rowsLoaded: 3849, rowsQuarantined: 7, rawRows: 3849 * 5 });
  });

  it('quarantines exactly DUO\'s stray "" lines, as blank lines', async () => {
    const quarantined = await bench.warehouse.all<{ file_name: string; reason: string; n: number }>(
      "SELECT file_name, reason, count(*)::INTEGER AS n FROM meta.quarantine GROUP BY ALL ORDER BY file_name",
    );
    expect(quarantined).toEqual([
      { file_name: "hbo_gediplomeerden_2019.csv", reason: "blank_line", n: 7 },
      { file_name: "hbo_inscriptions_2019.csv", reason: "blank_line", n: 7 },
      { file_name: "wo_gediplomeerden_2019.csv", reason: "blank_line", n: 5 },
      { file_name: "wo_inscriptions_2019.csv", reason: "blank_line", n: 6 },
    ]);
    const strays = lines(FILES.woEnrolments).flatMap((line, i) => (line === '""' ? [i + 1] : []));
    const quarantinedLines = await bench.warehouse.all<{ line: number }>(
      "SELECT line FROM meta.quarantine WHERE file_id = $1 ORDER BY line",
      [result("woEnrolments").fileId],
    );
    expect(quarantinedLines.map((row) => row.line)).toEqual(strays);
  });

  it("UCI: Graduate 2,209, Dropout 1,421, Enrolled 794; outcome by previous qualification and application mode as in the file", async () => {
    const outcomes = await bench.warehouse.all(
      "SELECT outcome, count(*)::INTEGER AS n FROM raw.records__student_outcomes WHERE _file_id = $1 GROUP BY 1 ORDER BY 1",
      [result("uci").fileId],
    );
    expect(outcomes).toEqual([
      { outcome: "dropped_out", n: 1421 },
      { outcome: "enrolled", n: 794 },
      { outcome: "graduated", n: 2209 },
    ]);
    const [header, ...rows] = lines(FILES.uci).map((line) => line.split(";"));
    const column = (name: string) => header!.findIndex((h) => h.replaceAll('"', "").trim() === name);
    const crosstab = (index: number) => {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const key = `${row[index]}|${row[column("Target")]!.toLowerCase()}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return Object.fromEntries([...counts].sort());
    };
    const fromRaw = async (field: string) => {
      const cells = await bench.warehouse.all<{ key: string; n: number }>(
        `SELECT ${field} || '|' || CASE outcome WHEN 'graduated' THEN 'graduate' WHEN 'dropped_out' THEN 'dropout' ELSE outcome END AS key,
                count(*)::INTEGER AS n
           FROM raw.records__student_outcomes WHERE _file_id = $1 GROUP BY 1 ORDER BY 1`,
        [result("uci").fileId],
      );
      return Object.fromEntries(cells.map((cell) => [cell.key, cell.n]).sort());
    };
    expect(await fromRaw("prior_education")).toEqual(crosstab(column("Previous qualification")));
    expect(await fromRaw("application_route")).toEqual(crosstab(column("Application mode")));
    // The record number keys a file without an id column: unique, 1..4424.
    const keys = await bench.warehouse.one(
      "SELECT count(DISTINCT student_key)::INTEGER AS n, min(student_key::INTEGER) AS lo, max(student_key::INTEGER) AS hi FROM raw.records__student_outcomes WHERE _file_id = $1",
      [result("uci").fileId],
    );
    expect(keys).toEqual({ n: 4424, lo: 1, hi: 4424 });
  });

  it("OULAD: pass + distinction rate by highest education, computed from raw", async () => {
    const rates = await bench.warehouse.all(
      `SELECT prior_education, count(*)::INTEGER AS students,
              round(100 * avg((outcome IN ('passed', 'distinction'))::INTEGER), 1) AS pass_rate
         FROM raw.records__student_outcomes WHERE _file_id = $1
        GROUP BY 1 ORDER BY students DESC`,
      [result("info").fileId],
    );
    expect(rates.slice(0, 3)).toEqual([
      { prior_education: "A Level or Equivalent", students: 14_045, pass_rate: 52.0 },
      { prior_education: "Lower Than A Level", students: 13_158, pass_rate: 38.9 },
      { prior_education: "HE Qualification", students: 4730, pass_rate: 56.2 },
    ]);
    const distinct = await bench.warehouse.scalar(
      "SELECT count(DISTINCT student_key)::INTEGER FROM raw.records__student_outcomes WHERE _file_id = $1",
      [result("info").fileId],
    );
    expect(distinct).toBe(28_785);
    const bands = await bench.warehouse.all(
      "SELECT deprivation_band, count(*)::INTEGER AS n FROM raw.records__student_outcomes WHERE _file_id = $1 AND (deprivation_band IS NULL OR deprivation_band LIKE '10-20%') GROUP BY 1 ORDER BY 1",
      [result("info").fileId],
    );
    expect(bands).toEqual([
      { deprivation_band: "10-20%", n: 3516 },
      { deprivation_band: null, n: 1111 },
    ]);
  });

  it("OULAD registrations: blank and negative day offsets as in the file", async () => {
    const [, ...rows] = lines(FILES.registration).map((line) =>
      line.split(",").map((cell) => cell.replaceAll('"', "")),
    );
    const expected = {
      blank_registered: rows.filter((row) => row[3] === "").length,
      before_start: rows.filter((row) => row[3]!.startsWith("-")).length,
      unregistered: rows.filter((row) => row[4] !== "").length,
    };
    const actual = await bench.warehouse.one(
      `SELECT count(*) FILTER (registered_day IS NULL)::INTEGER AS blank_registered,
              count(*) FILTER (registered_day < 0)::INTEGER AS before_start,
              count(unregistered_day)::INTEGER AS unregistered
         FROM raw.records__course_registrations WHERE _file_id = $1`,
      [result("registration").fileId],
    );
    expect(actual).toEqual(expected);
    expect(expected.blank_registered).toBe(45);
  });

  it("OULAD assessments: unquoted LF file, blank scores stay empty, banked flags read as booleans", async () => {
    const [, ...rows] = lines(FILES.assessment).map((line) => line.split(","));
    const actual = await bench.warehouse.one(
      `SELECT count(*) FILTER (score IS NULL)::INTEGER AS blank_scores, count(*) FILTER (banked)::INTEGER AS banked,
              round(sum(score))::INTEGER AS score_sum
         FROM raw.records__assessment_results WHERE _file_id = $1`,
      [result("assessment").fileId],
    );
    expect(actual).toEqual({
      blank_scores: rows.filter((row) => row[4] === "").length,
      banked: rows.filter((row) => row[3] === "1").length,
      score_sum: rows.reduce((sum, row) => sum + Number(row[4]), 0),
    });
  });

  it("DUO: the unpivot keeps every person count (sum per file and year as in the wide file)", async () => {
    for (const key of ["woEnrolments", "hboEnrolments", "woGraduates", "hboGraduates"] as const) {
      const [header, ...rows] = lines(FILES[key])
        .filter((line) => line !== '""')
        .map((line) => line.split(";"));
      const years = header!.flatMap((name, i) => (/^\d{4}$/.test(name) ? [[Number(name), i] as const] : []));
      const expected = Object.fromEntries(
        years.map(([year, i]) => [year, rows.reduce((sum, row) => sum + Number(row[i]), 0)]),
      );
      const sums = await bench.warehouse.all<{ year: number; persons: number }>(
        "SELECT year, sum(persons)::INTEGER AS persons FROM raw.external__programme_counts WHERE _file_id = $1 GROUP BY 1 ORDER BY 1",
        [result(key).fileId],
      );
      expect(Object.fromEntries(sums.map((row) => [row.year, row.persons]))).toEqual(expected);
    }
    const measures = await bench.warehouse.all(
      "SELECT sector, measure, count(*)::INTEGER AS n FROM raw.external__programme_counts GROUP BY ALL ORDER BY ALL",
    );
    expect(measures).toEqual([
      { sector: "hbo", measure: "first_year_enrolments", n: 3815 * 5 },
      { sector: "hbo", measure: "graduates", n: 3849 * 5 },
      { sector: "wo", measure: "first_year_enrolments", n: 3225 * 5 },
      { sector: "wo", measure: "graduates", n: 3367 * 5 },
    ]);
  });
});
