import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../warehouse/config.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { form, runUpTo } from "../core/lifecycle-fixtures.ts";

/**
 * Three Studielink requests for a programme's September intake, as of 2026-11-23, under the default
 * calendar (2026-SEP: deadline 1 May, census 1 October) and under one where the institution moved
 * 2026-SEP's deadline to 20 April and its census to 15 October (2025-SEP keeps the default dates).
 */
const MOVED: ConfigInput["calendar"] = {
  intakes: {
    "2026-SEP": {
      system: "nl",
      deadline: "2026-04-20",
      census: "2026-10-15",
      start: "2026-09-01",
      previous: "2025-SEP",
    },
  },
};

async function warehouseWith(calendar: ConfigInput["calendar"]): Promise<Warehouse> {
  const w = await modelWarehouse(calendar ? { calendar } : {});
  const vti = (n: number, year: number, requested: string, status: string, on: string) =>
    w.run(
      `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, first_name, last_name,
         email, nationality, croho_code, academic_year, start_month, requested_on, request_status, status_on)
       VALUES (1, $1, $2, $3, 'Test', $4, 'NL', '56978', $5, 'september', $6::DATE, $7, $8::DATE)`,
      [n, `1000000${n}`, `N${n}`, `n${n}@example.org`, year, requested, status, on],
    );
  await vti(1, 2025, "2025-03-01", "ingeschreven", "2025-08-20");
  // enrolled at the 2025 census, de-registered on 1 December 2025: left
  await vti(4, 2025, "2025-03-05", "uitgeschreven", "2025-12-01");
  await vti(2, 2026, "2026-02-01", "ingeschreven", "2026-08-20");
  await runUpTo(w, ["marts.mart_funnel_by_cohort", "marts.mart_cycle_progress"]);
  return w;
}

describe("the calendar's deadline and census date move the funnel's alignment and the enrolment date", () => {
  let byDefault: Warehouse;
  let moved: Warehouse;
  beforeAll(async () => {
    byDefault = await warehouseWith(undefined);
    moved = await warehouseWith(MOVED);
  });
  afterAll(() => {
    byDefault?.close();
    moved?.close();
  });

  const enrolled = (w: Warehouse) =>
    w.all(
      `SELECT intake, event_date::VARCHAR AS on FROM core.fct_lifecycle_events
        WHERE stage = 'enrolled' ORDER BY intake, event_date`,
    );

  it("dates enrolment on the intake's census day", async () => {
    expect(await enrolled(byDefault)).toEqual([
      { intake: "2025-SEP", on: "2025-10-01" },
      { intake: "2025-SEP", on: "2025-10-01" },
      { intake: "2026-SEP", on: "2026-10-01" },
    ]);
    expect(await enrolled(moved)).toEqual([
      { intake: "2025-SEP", on: "2025-10-01" },
      { intake: "2025-SEP", on: "2025-10-01" },
      { intake: "2026-SEP", on: "2026-10-15" },
    ]);
  });

  const previousCycle = (w: Warehouse) =>
    w.all(
      `SELECT stage, persons, previous_intake, previous_as_of::VARCHAR AS previous_as_of, previous_persons
         FROM marts.mart_funnel_by_cohort
        WHERE intake = '2026-SEP' AND first_channel = 'all' AND country_group = 'all' AND ordering = 'any'
          AND stage IN ('application', 'enrolled', 'left')
        ORDER BY stage_order, stage`,
    );

  it("measures the previous cycle as many days before its deadline as today is before this one's", async () => {
    // 23 November 2026 is 206 days after 1 May 2026: 2025-SEP is measured 206 days after 1 May 2025, before
    // N4 left it
    expect(await previousCycle(byDefault)).toEqual([
      {
        stage: "application",
        persons: 1,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-11-23",
        previous_persons: 2,
      },
      {
        stage: "enrolled",
        persons: 1,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-11-23",
        previous_persons: 2,
      },
      // 2026-SEP's first year has not ended: its leavers are not yet observable (NULL), 2025-SEP's are
      {
        stage: "left",
        persons: null,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-11-23",
        previous_persons: 0,
      },
    ]);
    // 217 days after 20 April 2026: 2025-SEP is measured on 4 December 2025, after N4 left
    expect(await previousCycle(moved)).toEqual([
      {
        stage: "application",
        persons: 1,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-12-04",
        previous_persons: 2,
      },
      {
        stage: "enrolled",
        persons: 1,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-12-04",
        previous_persons: 2,
      },
      {
        stage: "left",
        persons: null,
        previous_intake: "2025-SEP",
        previous_as_of: "2025-12-04",
        previous_persons: 1,
      },
    ]);
  });

  const weeks = (w: Warehouse, stage: string, list: number[]) =>
    w.all(
      `SELECT weeks_to_deadline AS w, measured_on::VARCHAR AS measured_on, persons FROM marts.mart_cycle_progress
        WHERE intake = '2026-SEP' AND stage = $1 AND list_contains($2::INTEGER[], weeks_to_deadline)
        ORDER BY weeks_to_deadline DESC`,
      [stage, JSON.stringify(list)],
    );

  it("counts the weeks before the intake's own deadline", async () => {
    // N2 applied on 1 February 2026: 89 days (week 12) before 1 May, 78 days (week 11) before 20 April
    expect(await weeks(byDefault, "application", [12, 11])).toEqual([
      { w: 12, measured_on: "2026-02-06", persons: 1 },
      { w: 11, measured_on: "2026-02-13", persons: 1 },
    ]);
    expect(await weeks(moved, "application", [12, 11])).toEqual([
      { w: 12, measured_on: "2026-01-26", persons: 0 },
      { w: 11, measured_on: "2026-02-02", persons: 1 },
    ]);
    // enrolled at census: 153 days after 1 May (week -22), or 178 days after 20 April (week -26); before the
    // census nobody's enrolment is known yet, so a week before it has no count (not 0)
    expect(await weeks(byDefault, "enrolled", [-21, -22, -26])).toEqual([
      { w: -21, measured_on: "2026-09-25", persons: null },
      { w: -22, measured_on: "2026-10-02", persons: 1 },
      { w: -26, measured_on: "2026-10-30", persons: 1 },
    ]);
    expect(await weeks(moved, "enrolled", [-21, -22, -26])).toEqual([
      { w: -21, measured_on: "2026-09-14", persons: null },
      { w: -22, measured_on: "2026-09-21", persons: null },
      { w: -26, measured_on: "2026-10-19", persons: 1 },
    ]);
  });
});

describe("an inquiry's cycle: the first intake its programme runs in its system whose deadline is on or after it", () => {
  async function inquiryCycles(calendar: ConfigInput["calendar"]) {
    const w = await modelWarehouse(calendar ? { calendar } : {});
    try {
      // 56978 is seen with a Studielink intake (so its system is nl); PROGX with none
      await w.run(
        `INSERT INTO raw.studielink__enrolment_requests (_file_id, _row, studielink_number, first_name, last_name,
           email, nationality, croho_code, academic_year, start_month, requested_on, request_status, status_on)
         VALUES (1, 1, '10000001', 'N1', 'Test', 'n1@example.org', 'NL', '56978', 2026, 'september',
                 DATE '2026-03-01', 'aangemeld', DATE '2026-03-01')`,
      );
      await form(w, { id: "S1", person: "Ann", at: "2026-06-10 10:00:00", programme: "56978" });
      await form(w, { id: "S2", person: "Bo", at: "2026-06-10 10:00:00", programme: "PROGX" });
      await form(w, { id: "S3", person: "Cy", at: "2026-03-01 10:00:00", programme: "56978" });
      await runUpTo(w, ["marts.mart_application_rate_by_intake"]);
      return {
        systems: await w.all(
          "SELECT * REPLACE (array_to_string(inquiry_terms, '|') AS inquiry_terms) FROM core.dim_programme_systems",
        ),
        cycles: await w.all(
          `SELECT intake, programme_code, application_rate_den AS inquirers FROM marts.mart_application_rate_by_intake
            WHERE programme_code <> 'all' ORDER BY ALL`,
        ),
      };
    } finally {
      w.close();
    }
  }

  it("takes the system of the intakes the programme is seen with, else calendar.defaultSystem", async () => {
    const byDefault = await inquiryCycles(undefined);
    expect(byDefault.systems).toEqual([
      {
        programme_code: "56978",
        system: "nl",
        country: "NL",
        inquiry_terms: "{Y}-SEP",
        cycle_key: "nl:{Y}-SEP",
      },
    ]);
    // NL: September intakes only (February takes no inquiries); SE: 15 October is the next deadline after 10 June
    expect(byDefault.cycles).toEqual([
      { intake: "2026-SEP", programme_code: "56978", inquirers: 1 },
      { intake: "2027-SEP", programme_code: "56978", inquirers: 1 },
      { intake: "VT2027", programme_code: "PROGX", inquirers: 1 },
    ]);
    expect((await inquiryCycles({ defaultSystem: "nl" })).cycles).toEqual([
      { intake: "2026-SEP", programme_code: "56978", inquirers: 1 },
      { intake: "2027-SEP", programme_code: "56978", inquirers: 1 },
      { intake: "2027-SEP", programme_code: "PROGX", inquirers: 1 },
    ]);
  });
});
