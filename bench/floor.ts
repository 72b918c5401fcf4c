import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Profile } from "../loaders/profile.ts";
import { quoteIdent, quoteLiteral } from "../warehouse/sql.ts";
import { type CsvSource, readableCsv, transcodedCsv } from "./baseline.ts";

/** The extracts the floor reads, by profile: the view each becomes in bench/floor.sql. */
const VIEWS: Record<string, string> = {
  "demo-nya-applications": "nya",
  "demo-ladok-registrations": "ladok_registrations",
  "demo-ladok-results": "ladok_results",
  "demo-crm-contacts": "crm_contacts",
  "demo-crm-form-submissions": "crm_forms",
  "demo-crm-event-sessions": "crm_sessions",
  "demo-crm-event-registrations": "crm_registrations",
  "demo-checkin-checkins": "checkins",
};

export interface FloorSource extends CsvSource {
  view: string;
  profile: Profile;
}

export interface FloorAnswers {
  funnel: {
    intake: string;
    programme_code: string;
    inquired: number;
    open_day_registered: number;
    open_day_attended: number;
    applied: number;
    admitted: number;
    accepted: number;
    enrolled: number;
  }[];
  schools: { school_code: string; students: number; mean_credits: number }[];
}

/** What the bench reports of the floor's answers, to set beside the product's figures. */
export interface FloorResult {
  funnelRows: number;
  schoolRows: number;
  inquired: number;
  applied: number;
  enrolled: number;
}

export function summariseFloor(answers: FloorAnswers): FloorResult {
  return {
    funnelRows: answers.funnel.length,
    schoolRows: answers.schools.length,
    inquired: answers.funnel.reduce((sum, row) => sum + row.inquired, 0),
    applied: answers.funnel.reduce((sum, row) => sum + row.applied, 0),
    enrolled: answers.funnel.reduce((sum, row) => sum + row.enrolled, 0),
  };
}

/**
 * The floor of the perf issue: the same headline answers as the product (funnel per intake x programme as
 * distinct persons, school of origin mean first-year credits) from one bare DuckDB script over the extracts,
 * in memory (bench/floor.sql). The product's (ingest + run) time is reported as a ratio to this.
 */
export async function floorAnswers(sources: FloorSource[]): Promise<FloorAnswers> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  try {
    for (const view of new Set(Object.values(VIEWS))) {
      const reads = sources
        .filter((source) => source.view === view)
        .map(
          ({ path, encoding, profile }) =>
            `SELECT * FROM read_csv(${quoteLiteral(path)}, delim = ${quoteLiteral(profile.csv.delimiter)}, header = true,
               skip = ${profile.csv.headerLine - 1}, encoding = ${quoteLiteral(encoding)}, all_varchar = true,
               ignore_errors = true)`,
        );
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS ${reads.join(" UNION ALL BY NAME ")}`,
      );
    }
    await connection.run(readFileSync(new URL("floor.sql", import.meta.url), "utf8"));
    const funnel = await connection.runAndReadAll(
      `SELECT intake, programme_code, inquired::INTEGER AS inquired,
              open_day_registered::INTEGER AS open_day_registered, open_day_attended::INTEGER AS open_day_attended,
              applied::INTEGER AS applied, admitted::INTEGER AS admitted, accepted::INTEGER AS accepted,
              enrolled::INTEGER AS enrolled
         FROM floor_funnel ORDER BY ALL`,
    );
    const schools = await connection.runAndReadAll(
      "SELECT school_code, students::INTEGER AS students, mean_credits FROM floor_schools ORDER BY ALL",
    );
    return {
      funnel: funnel.getRowObjectsJS() as FloorAnswers["funnel"],
      schools: schools.getRowObjectsJS() as FloorAnswers["schools"],
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The files the floor reads, as DuckDB can take them (resolved before the floor is timed, as the baseline's
 * copies are): a Windows-1252 file using 0x80-0x9F, which DuckDB's latin-1 reader refuses, from a UTF-8 copy.
 */
export async function floorSources(files: { path: string; profile: Profile }[]): Promise<FloorSource[]> {
  const sources: FloorSource[] = [];
  for (const { path, profile } of files) {
    const view = VIEWS[profile.name];
    if (!view) continue;
    let source = readableCsv(path, profile);
    if (source.encoding === "latin-1" && readFileSync(path).some((byte) => byte >= 0x80 && byte <= 0x9f)) {
      source = (await transcodedCsv(path, profile)) ?? source;
    }
    sources.push({ ...source, view, profile });
  }
  for (const [name, view] of Object.entries(VIEWS)) {
    if (!sources.some((source) => source.view === view)) throw new Error(`the floor needs a ${name} extract`);
  }
  return sources;
}
