import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { FIXTURES, slm, tempProject } from "../helpers/project.ts";

/**
 * A new institution's first hour: its own exports, in shapes the demo never writes, load through profiles alone
 * (in the project's profiles/ folder; no contract or model edited) and `slm run` gives the counts worked out by
 * hand for each fixture (test/fixtures/sources/<name>/README.md says how).
 */
const projects: ReturnType<typeof tempProject>[] = [];
afterAll(() => {
  for (const project of projects) project.remove();
});

/** A new institution's project holding the fixture's profiles: returns its folder and the fixture's. */
function projectFor(name: string): { dir: string; fixture: string } {
  const project = tempProject(`slm-${name}-`);
  projects.push(project);
  expect(slm(project.dir, ["init"]).code).toBe(0);
  const fixture = join(FIXTURES, "sources", name);
  cpSync(join(fixture, "profiles"), join(project.dir, "profiles"), { recursive: true });
  return { dir: project.dir, fixture };
}

async function loadFixture(name: string, calendar: unknown, referenceDate: string) {
  const { dir, fixture } = projectFor(name);
  if (calendar !== undefined) {
    const configFile = join(dir, "slm.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(configFile, JSON.stringify({ ...config, calendar }, null, 2));
  }
  const files = readdirSync(fixture)
    .filter((file) => /\.(csv|tsv)$/.test(file))
    .map((file) => join(fixture, file));
  const ingest = slm(dir, ["ingest", ...files, "--json"]);
  expect(ingest.code, ingest.stderr).toBe(0);
  const run = slm(dir, ["run"], { SLM_REFERENCE_DATE: referenceDate });
  expect(run.code, run.stderr).toBe(0);
  const outcomes = JSON.parse(ingest.stdout) as {
    file: string;
    rowsLoaded: number;
    rowsQuarantined: number;
  }[];
  return {
    dir,
    loaded: Object.fromEntries(outcomes.map((o) => [o.file, [o.rowsLoaded, o.rowsQuarantined]])),
    async query<T extends object>(sql: string): Promise<T[]> {
      const warehouse = await Warehouse.open(join(dir, "data", "warehouse.duckdb"), { readOnly: true });
      try {
        return await warehouse.all<T>(sql);
      } finally {
        warehouse.close();
      }
    },
  };
}

type Fixture = Awaited<ReturnType<typeof loadFixture>>;

const rounds = (f: Fixture, institution = "all") =>
  f.query(
    `SELECT intake, round, applicants, eligible, offered, reserve, accepted, enrolled, with_school, schools
       FROM marts.mart_admissions_by_round WHERE institution_code = '${institution}' ORDER BY intake, round`,
  );

/** Persons per stage of an intake's funnel, over all programmes, in any order. */
const funnel = (f: Fixture, intake: string) =>
  f
    .query<{ stage: string; persons: number }>(
      `SELECT stage, sum(persons)::INTEGER AS persons FROM marts.mart_funnel_by_cohort
        WHERE intake = '${intake}' AND first_channel = 'all' AND country_group = 'all' AND ordering = 'any'
          AND stage IN ('application', 'eligible', 'admitted', 'accepted', 'enrolled')
        GROUP BY stage ORDER BY min(stage_order)`,
    )
    .then((rows) => Object.fromEntries(rows.map((r) => [r.stage, r.persons])));

describe("loading an institution's own exports", () => {
  it("a Nordic joint-admissions export (rounds, flags with dates, an applicant file, a catalogue)", async () => {
    const f = await loadFixture(
      "nordic",
      {
        systems: { nordic: { country: "FI", terms: {} } },
        defaultSystem: "nordic",
        intakes: {
          "2024-AUTUMN": {
            system: "nordic",
            deadline: "2024-03-27",
            rounds: { "Main Admission": "2024-06-28", "Supplementary Admission": "2024-08-02" },
            start: "2024-08-26",
            census: "2024-09-20",
            replyBy: "2024-07-31",
          },
        },
      },
      "2024-12-31",
    );
    expect(f.loaded).toEqual({
      "joint_applicants_2024.csv": [62, 0],
      "joint_applications_2024.csv": [110, 1], // the "Total;110" line
      "programmes.tsv": [20, 0],
      "school_register.csv": [6, 0],
    });
    // the school register names the schools of origin on the site (one register school had no applicant)
    expect(
      await f.query("SELECT school_code, school_name FROM publish.pub_schools ORDER BY 1 LIMIT 2"),
    ).toEqual([
      { school_code: "S0101", school_name: "Northside Upper Secondary" },
      { school_code: "S0102", school_name: "Lakeside School, Annex" },
    ]);
    expect(await rounds(f)).toEqual([
      {
        intake: "2024-AUTUMN",
        round: "Main Admission",
        applicants: 40,
        eligible: 36,
        offered: 30,
        reserve: 0,
        accepted: 23,
        enrolled: 0,
        with_school: 40,
        schools: 5,
      },
      {
        intake: "2024-AUTUMN",
        round: "Supplementary Admission",
        applicants: 30,
        eligible: 21,
        offered: 16,
        reserve: 0,
        accepted: 9,
        enrolled: 0,
        with_school: 25,
        schools: 5,
      },
      {
        intake: "2024-AUTUMN",
        round: "all",
        applicants: 60,
        eligible: 51,
        offered: 46,
        reserve: 0,
        accepted: 32,
        enrolled: 0,
        with_school: 55,
        schools: 5,
      },
    ]);
    // invitations per institution (the catalogue's), persons over both rounds
    const invited = await f.query<{ institution_code: string; offered: number }>(
      `SELECT institution_code, offered FROM marts.mart_admissions_by_round
        WHERE round = 'all' AND institution_code <> 'all' ORDER BY institution_code`,
    );
    expect(invited).toEqual([
      { institution_code: "U1", offered: 18 },
      { institution_code: "U2", offered: 22 },
      { institution_code: "U3", offered: 6 },
    ]);
    expect(await funnel(f, "2024-AUTUMN")).toMatchObject({
      application: 60,
      eligible: 51,
      admitted: 46,
      accepted: 32,
    });
  }, 180_000);

  it("an intake the calendar does not know stops `slm run` with one line naming it, its file and the key to add", () => {
    const { dir, fixture } = projectFor("nordic");
    expect(slm(dir, ["ingest", join(fixture, "joint_applications_2024.csv")]).code).toBe(0);
    const run = slm(dir, ["run"], { SLM_REFERENCE_DATE: "2024-12-31" });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n").at(-1)).toBe(
      'slm: intake "2024-AUTUMN" (joint_applications_2024.csv, column intake, read by staging.stg_admissions__choices) is not in the institution calendar: add calendar.intakes."2024-AUTUMN" to slm.config.json',
    );
  }, 120_000);

  it("a Dutch Studielink report (status codes, year-month start moments, a prior-education file)", async () => {
    const f = await loadFixture("dutch", undefined, "2026-06-30");
    expect(f.loaded).toEqual({
      "studielink_verzoeken_2025.csv": [40, 0],
      "studielink_vooropleiding_2025.csv": [40, 0],
    });
    expect(await rounds(f)).toEqual([
      {
        intake: "2025-FEB",
        round: "all",
        applicants: 10,
        eligible: 5,
        offered: 5,
        reserve: 0,
        accepted: 5,
        enrolled: 5,
        with_school: 6,
        schools: 3,
      },
      {
        intake: "2025-FEB",
        round: "none",
        applicants: 10,
        eligible: 5,
        offered: 5,
        reserve: 0,
        accepted: 5,
        enrolled: 5,
        with_school: 6,
        schools: 3,
      },
      {
        intake: "2025-SEP",
        round: "all",
        applicants: 30,
        eligible: 22,
        offered: 22,
        reserve: 0,
        accepted: 15,
        enrolled: 15,
        with_school: 30,
        schools: 3,
      },
      {
        intake: "2025-SEP",
        round: "none",
        applicants: 30,
        eligible: 22,
        offered: 22,
        reserve: 0,
        accepted: 15,
        enrolled: 15,
        with_school: 30,
        schools: 3,
      },
    ]);
    // five of the fifteen enrolments carry no date: they are dated by the calendar's census, 1 October
    const enrolled = await f.query(
      `SELECT enrolled_on::VARCHAR AS on, count(*)::INTEGER AS n FROM core.fct_admission_choices
        WHERE intake = '2025-SEP' AND enrolled_on IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(enrolled).toEqual([
      { on: "2025-09-01", n: 10 },
      { on: "2025-10-01", n: 5 },
    ]);
    expect(await funnel(f, "2025-SEP")).toMatchObject({
      application: 30,
      eligible: 22,
      admitted: 22,
      accepted: 15,
      enrolled: 15,
    });
  }, 180_000);

  it("a Swedish admission-results report (Windows-1252, Swedish codes, urval rounds, a 'Totalt' line)", async () => {
    const f = await loadFixture("swedish", undefined, "2025-12-31");
    expect(f.loaded).toEqual({ "antagningsresultat_HT2025.csv": [24, 1] });
    expect(await rounds(f)).toEqual([
      {
        intake: "HT2025",
        round: "all",
        applicants: 24,
        eligible: 22,
        offered: 16,
        reserve: 4,
        accepted: 11,
        enrolled: 0,
        with_school: 0,
        schools: 0,
      },
      {
        intake: "HT2025",
        round: "urval 1",
        applicants: 20,
        eligible: 18,
        offered: 12,
        reserve: 4,
        accepted: 9,
        enrolled: 0,
        with_school: 0,
        schools: 0,
      },
      {
        intake: "HT2025",
        round: "urval 2",
        applicants: 4,
        eligible: 4,
        offered: 4,
        reserve: 0,
        accepted: 2,
        enrolled: 0,
        with_school: 0,
        schools: 0,
      },
    ]);
    expect(await funnel(f, "HT2025")).toMatchObject({
      application: 24,
      eligible: 22,
      admitted: 16,
      accepted: 11,
    });

    // Erasure reaches the canonical tables by the system-scoped id, and keeps the person out of a later file: a
    // line with their id alone (no e-mail) and a bad date is refused as an erased person's, its content dropped.
    const erase = slm(f.dir, ["erase", "sokande1@example.se", "--json"]);
    expect(erase.code, erase.stderr).toBe(0);
    expect(
      await f.query("SELECT count(*)::INTEGER AS n FROM raw.admissions__choices WHERE person_id = 'S-1001'"),
    ).toEqual([{ n: 0 }]);
    const header = readFileSync(
      join(FIXTURES, "sources", "swedish", "antagningsresultat_HT2025.csv"),
      "latin1",
    ).split("\r\n")[0];
    const later = join(f.dir, "antagningsresultat_HT2025_later.csv");
    writeFileSync(
      later,
      `${header}\r\nS-1001;Åsa;Testsson1;;ABC12;Urval 1;1;2025-13-45;Antagen;;12,25\r\nS-1002;Elin;Testsson2;sokande2@example.se;XYZ34;Urval 1;1;2025-04-03;Antagen;Tackat ja;12,50\r\n`,
      "latin1",
    );
    const again = slm(f.dir, ["ingest", later, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(
      await f.query(
        `SELECT q.reason, l.raw_line FROM meta.quarantine AS q
           LEFT JOIN raw.quarantined_lines AS l ON l._file_id = q.file_id AND l._entry = q.entry
          WHERE q.file_name = 'antagningsresultat_HT2025_later.csv'`,
      ),
    ).toEqual([{ reason: "erased_person", raw_line: null }]);
  }, 180_000);
});
