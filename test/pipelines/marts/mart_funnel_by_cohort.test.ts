import { afterEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse, modelWarehouseFor } from "../../helpers/models.ts";
import {
  application,
  checkin,
  form,
  ladokStart,
  registration,
  runUpTo,
  session,
} from "../core/lifecycle-fixtures.ts";

const admitted = { urval1: "Antagen", decision: "Antagen" } as const;

describe("marts.mart_funnel_by_cohort (as of 2026-11-23)", () => {
  const w = modelWarehouseFor("test");

  async function rows(where: string) {
    return w.all(
      `SELECT stage, ordering, persons, next_step_conversion_num AS ns_num, next_step_conversion_den AS ns_den,
              cumulative_conversion_num AS cu_num, cumulative_conversion_den AS cu_den, previous_persons AS prev
         FROM marts.mart_funnel_by_cohort WHERE ${where} ORDER BY ordering, stage_order, stage`,
    );
  }

  it("counts persons per stage, ordered and in any order, with next-step and cumulative conversion", async () => {
    await session(w, { id: "OD-1", at: "2026-03-10 10:00:00" });
    // Ann: fair inquiry -> registered -> attended -> applied -> admitted -> accepted -> enrolled
    await form(w, { id: "S1", person: "Ann", at: "2025-11-02 10:00:00", channel: "fair" });
    await registration(w, { id: "R1", session: "OD-1", person: "Ann", at: "2026-02-01 09:00:00" });
    await checkin(w, { id: "CI1", session: "OD-1", person: "Ann", at: "2026-03-10 10:05:00", ticket: "R1" });
    await application(w, { person: "Ann", ...admitted, reply: "Tackat ja", repliedOn: "2026-07-20" });
    await ladokStart(w, { person: "Ann" });
    // Bo: walk-in before his inquiry (so 'ordered' does not count his inquiry-less attendance), then applies: ineligible
    await checkin(w, { id: "CI2", session: "OD-1", person: "Bo", at: "2026-03-10 11:00:00" });
    await form(w, { id: "S2", person: "Bo", at: "2026-03-11 10:00:00", channel: null });
    await application(w, { person: "Bo", urval1: "Ej behörig", decision: "Ej antagen" });
    // Cy: applies directly (no inquiry), international; admitted; his reply comes after the as-of date: ignored
    await application(w, {
      person: "Cy",
      ...admitted,
      citizenship: "US",
      reply: "Tackat ja",
      repliedOn: "2026-12-01",
    });
    // Di: inquired for HT2026 but never applied
    await form(w, { id: "S3", person: "Di", at: "2026-01-15 10:00:00", channel: "fair" });
    await runUpTo(w, ["marts.mart_funnel_by_cohort"]);

    const all = await rows(
      "first_channel = 'all' AND country_group = 'all' AND stage IN ('inquiry', 'open_day_registered', 'open_day_attended', 'application', 'eligible', 'admitted', 'accepted', 'enrolled')",
    );
    expect(all).toEqual([
      {
        stage: "inquiry",
        ordering: "any",
        persons: 3,
        ns_num: null,
        ns_den: null,
        cu_num: 3,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "open_day_registered",
        ordering: "any",
        persons: 1,
        ns_num: 1,
        ns_den: 3,
        cu_num: 1,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "open_day_attended",
        ordering: "any",
        persons: 2,
        ns_num: 1,
        ns_den: 1,
        cu_num: 2,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "application",
        ordering: "any",
        persons: 3,
        ns_num: 2,
        ns_den: 3,
        cu_num: 3,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "eligible",
        ordering: "any",
        persons: 2,
        ns_num: 2,
        ns_den: 3,
        cu_num: 2,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "admitted",
        ordering: "any",
        persons: 2,
        ns_num: 2,
        ns_den: 2,
        cu_num: 2,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "accepted",
        ordering: "any",
        persons: 1,
        ns_num: 1,
        ns_den: 2,
        cu_num: 1,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "enrolled",
        ordering: "any",
        persons: 1,
        ns_num: 1,
        ns_den: 1,
        cu_num: 1,
        cu_den: 4,
        prev: null,
      },
      {
        stage: "inquiry",
        ordering: "ordered",
        persons: 3,
        ns_num: null,
        ns_den: null,
        cu_num: 3,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "open_day_registered",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 3,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "open_day_attended",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 1,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "application",
        ordering: "ordered",
        persons: 2,
        ns_num: 2,
        ns_den: 3,
        cu_num: 2,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "eligible",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 2,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "admitted",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 1,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "accepted",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 1,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
      {
        stage: "enrolled",
        ordering: "ordered",
        persons: 1,
        ns_num: 1,
        ns_den: 1,
        cu_num: 1,
        cu_den: 3,
        prev: null,
      },
    ]);
    // partitions: channel of the first inquiry (a missing channel is 'unknown', no inquiry 'no_inquiry') and country group
    const parts = await w.all(
      `SELECT first_channel, country_group, persons FROM marts.mart_funnel_by_cohort
        WHERE stage = 'application' AND ordering = 'any' ORDER BY ALL`,
    );
    expect(parts).toEqual([
      { first_channel: "all", country_group: "all", persons: 3 },
      { first_channel: "all", country_group: "domestic", persons: 2 },
      { first_channel: "all", country_group: "international", persons: 1 },
      { first_channel: "fair", country_group: "all", persons: 1 },
      { first_channel: "fair", country_group: "domestic", persons: 1 },
      { first_channel: "no_inquiry", country_group: "all", persons: 1 },
      { first_channel: "no_inquiry", country_group: "international", persons: 1 },
      { first_channel: "unknown", country_group: "all", persons: 1 },
      { first_channel: "unknown", country_group: "domestic", persons: 1 },
    ]);
    const wilson = await w.all(
      `SELECT round(next_step_conversion_low, 4) AS low, round(next_step_conversion_high, 4) AS high
         FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all' AND stage = 'application' AND ordering = 'any'`,
    );
    expect(wilson).toEqual([{ low: 0.2077, high: 0.9385 }]); // Wilson 95% for 2 of 3
  });

  it("counts a stage in order from its first date on or after its previous stage's, a same-day tie included", async () => {
    await session(w, { id: "OD-1", at: "2026-03-10 10:00:00" });
    await session(w, { id: "OD-2", at: "2026-04-10 10:00:00" });
    // Hal: a walk-in before registering, then attends the session he registered for: attended in order
    await form(w, { id: "S1", person: "Hal", at: "2026-03-01 10:00:00" });
    await checkin(w, { id: "CI1", session: "OD-1", person: "Hal", at: "2026-03-10 10:05:00" });
    await registration(w, { id: "R1", session: "OD-2", person: "Hal", at: "2026-03-12 09:00:00" });
    await checkin(w, { id: "CI2", session: "OD-2", person: "Hal", at: "2026-04-10 10:05:00", ticket: "R1" });
    // Ivy: registers an hour before her inquiry on the same day: dates tie, so registered in order
    await form(w, { id: "S2", person: "Ivy", at: "2026-03-05 10:00:00" });
    await registration(w, { id: "R2", session: "OD-2", person: "Ivy", at: "2026-03-05 09:00:00" });
    // Jon: a walk-in, then registers for a later session he does not attend: attended in any order only
    await form(w, { id: "S3", person: "Jon", at: "2026-03-01 10:00:00" });
    await checkin(w, { id: "CI3", session: "OD-1", person: "Jon", at: "2026-03-10 10:05:00" });
    await registration(w, { id: "R3", session: "OD-2", person: "Jon", at: "2026-03-12 09:00:00" });
    await runUpTo(w, ["marts.mart_funnel_by_cohort"]);
    const reached = await w.all(
      `SELECT ordering, stage, persons FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all'
          AND stage IN ('inquiry', 'open_day_registered', 'open_day_attended')
        ORDER BY ordering, stage_order`,
    );
    expect(reached).toEqual([
      { ordering: "any", stage: "inquiry", persons: 3 },
      { ordering: "any", stage: "open_day_registered", persons: 3 },
      { ordering: "any", stage: "open_day_attended", persons: 2 },
      { ordering: "ordered", stage: "inquiry", persons: 3 },
      { ordering: "ordered", stage: "open_day_registered", persons: 3 },
      { ordering: "ordered", stage: "open_day_attended", persons: 1 },
    ]);
  });

  it("puts the previous cycle's cohort beside, measured the same number of days before its deadline", async () => {
    // (no HT2024 cohort in the data: its columns stay NULL)
    // HT2026 as of 2026-11-23 is 222 days after the 15 April deadline; HT2025 is measured on 2025-11-23
    await application(w, { person: "Ann", on: "2026-04-01" });
    await application(w, { person: "Eva", round: "HT2025", on: "2025-04-01", ...admitted });
    await application(w, {
      person: "Fia",
      round: "HT2025",
      on: "2025-04-02",
      ...admitted,
      reply: "Tackat ja",
      repliedOn: "2025-07-20",
    });
    await application(w, { person: "Gus", round: "HT2025", on: "2025-04-03" });
    await runUpTo(w, ["marts.mart_funnel_by_cohort"]);
    const now = await w.all(
      `SELECT intake, stage, persons, previous_intake, previous_as_of::VARCHAR AS previous_as_of, previous_persons
         FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all' AND ordering = 'any' AND stage IN ('application', 'admitted', 'accepted')
        ORDER BY intake, stage_order`,
    );
    expect(now).toEqual([
      {
        intake: "HT2025",
        stage: "application",
        persons: 3,
        previous_intake: "HT2024",
        previous_as_of: null,
        previous_persons: null,
      },
      {
        intake: "HT2025",
        stage: "admitted",
        persons: 2,
        previous_intake: "HT2024",
        previous_as_of: null,
        previous_persons: null,
      },
      {
        intake: "HT2025",
        stage: "accepted",
        persons: 1,
        previous_intake: "HT2024",
        previous_as_of: null,
        previous_persons: null,
      },
      {
        intake: "HT2026",
        stage: "application",
        persons: 1,
        previous_intake: "HT2025",
        previous_as_of: "2025-11-23",
        previous_persons: 3,
      },
      {
        intake: "HT2026",
        stage: "admitted",
        persons: 0,
        previous_intake: "HT2025",
        previous_as_of: "2025-11-23",
        previous_persons: 2,
      },
      {
        intake: "HT2026",
        stage: "accepted",
        persons: 0,
        previous_intake: "HT2025",
        previous_as_of: "2025-11-23",
        previous_persons: 1,
      },
    ]);
  });

  it("takes a cohort's programme and intake from one candidate, even one naming no programme", async () => {
    // Eve's first inquiry names no programme (HT2026 cycle); a later one names PROGB (VT2027 cycle). Her cohort is
    // the first inquiry's, programme unknown: not PROGB with the first inquiry's intake, a cohort she never chose.
    await form(w, { id: "S1", person: "Eve", at: "2025-11-02 10:00:00", channel: "fair", programme: null });
    await form(w, { id: "S2", person: "Eve", at: "2026-05-01 10:00:00", channel: "web", programme: "PROGB" });
    await runUpTo(w, ["marts.mart_funnel_by_cohort"]);
    expect(
      await w.all(
        `SELECT programme_code, intake, first_channel, persons FROM marts.mart_funnel_by_cohort
          WHERE stage = 'inquiry' AND ordering = 'any' AND country_group = 'all' AND persons > 0
          ORDER BY first_channel`,
      ),
    ).toEqual([
      { programme_code: null, intake: "HT2026", first_channel: "all", persons: 1 },
      { programme_code: null, intake: "HT2026", first_channel: "fair", persons: 1 },
    ]);
  });
});

describe("marts.mart_funnel_by_cohort: an institution with admissions only (no CRM, no student records)", () => {
  let w: Warehouse;
  afterEach(() => w.close());

  /** Three HT2026 applicants to PROGA: Ann admitted and accepted, Bo not eligible, Cy admitted, no reply. */
  async function admissionsOnly(config: Parameters<typeof modelWarehouse>[0]) {
    w = await modelWarehouse(config);
    await application(w, { person: "Ann", ...admitted, reply: "Tackat ja", repliedOn: "2026-07-20" });
    await application(w, { person: "Bo", urval1: "Ej behörig", decision: "Ej antagen" });
    await application(w, { person: "Cy", ...admitted });
    await runUpTo(w, ["marts.mart_funnel_by_cohort", "marts.mart_admissions_by_cohort"]);
    return w.all(
      `SELECT ordering, stage, previous_stage AS prev, data_status AS status, persons,
              next_step_conversion_num AS ns_num, next_step_conversion_den AS ns_den,
              cumulative_conversion_num AS cu_num, cumulative_conversion_den AS cu_den
         FROM marts.mart_funnel_by_cohort
        WHERE first_channel = 'all' AND country_group = 'all' AND stage_order <= 9
        ORDER BY ordering, stage_order, stage`,
    );
  }

  const none = (ordering: string, stage: string, prev: string | null) => ({
    ordering,
    stage,
    prev,
    status: "no_source",
    persons: null,
    ns_num: null,
    ns_den: null,
    cu_num: null,
    cu_den: null,
  });
  const row = (
    ordering: string,
    stage: string,
    prev: string | null,
    persons: number,
    ns: [number, number] | null,
    cu: [number, number],
  ) => ({
    ordering,
    stage,
    prev,
    status: "ok",
    persons,
    ns_num: ns?.[0] ?? null,
    ns_den: ns?.[1] ?? null,
    cu_num: cu[0],
    cu_den: cu[1],
  });

  it("entry stage application: the applicants are the funnel's entrants; stages with no source are no data, not 0", async () => {
    const rows = await admissionsOnly({ funnel: { entryStage: "application" } });
    expect(rows).toEqual([
      // any order: every stage, those before the entry too (no source gives them here)
      none("any", "inquiry", null),
      none("any", "open_day_registered", "inquiry"),
      none("any", "open_day_attended", "open_day_registered"),
      none("any", "trial_lecture", "inquiry"),
      // its previous stage in any order, inquiry, has no source: no next step, not 3 of 0
      row("any", "application", "inquiry", 3, null, [3, 3]),
      row("any", "eligible", "application", 2, [2, 3], [2, 3]),
      row("any", "admitted", "eligible", 2, [2, 2], [2, 3]),
      row("any", "accepted", "admitted", 1, [1, 2], [1, 3]),
      none("any", "enrolled", "accepted"),
      // ordered: the funnel starts at the application; the stages before it have no rows
      row("ordered", "application", null, 3, null, [3, 3]),
      row("ordered", "eligible", "application", 2, [2, 3], [2, 3]),
      row("ordered", "admitted", "eligible", 2, [2, 2], [2, 3]),
      row("ordered", "accepted", "admitted", 1, [1, 2], [1, 3]),
      none("ordered", "enrolled", "accepted"),
    ]);
    expect(
      await w.all(
        "SELECT stage, is_entry, before_entry, ordered_previous_stage AS ordered_prev, data_status FROM marts.mart_funnel_stages WHERE stage_order <= 6 ORDER BY position",
      ),
    ).toEqual([
      { stage: "inquiry", is_entry: false, before_entry: true, ordered_prev: null, data_status: "no_source" },
      {
        stage: "open_day_registered",
        is_entry: false,
        before_entry: true,
        ordered_prev: null,
        data_status: "no_source",
      },
      {
        stage: "open_day_attended",
        is_entry: false,
        before_entry: true,
        ordered_prev: null,
        data_status: "no_source",
      },
      {
        stage: "trial_lecture",
        is_entry: false,
        before_entry: true,
        ordered_prev: null,
        data_status: "no_source",
      },
      { stage: "application", is_entry: true, before_entry: false, ordered_prev: null, data_status: "ok" },
      {
        stage: "eligible",
        is_entry: false,
        before_entry: false,
        ordered_prev: "application",
        data_status: "ok",
      },
    ]);
    // yield and melt need an enrolment source: not computed, never 0% and 100%
    expect(
      await w.all(
        `SELECT programme_code, applicants, evaluated, admitted, accepted, enrolled, melted, enrolment_status,
                admit_rate_num, admit_rate_den, acceptance_yield_num, acceptance_yield_den,
                yield_num, yield_den, yield_low, melt_num, melt_den, melt_high
           FROM marts.mart_admissions_by_cohort ORDER BY programme_code`,
      ),
    ).toEqual(
      ["PROGA", "all"].map((programme_code) => ({
        programme_code,
        applicants: 3,
        evaluated: 3,
        admitted: 2,
        accepted: 1,
        enrolled: null,
        melted: null,
        enrolment_status: "no_source",
        admit_rate_num: 2,
        admit_rate_den: 3,
        acceptance_yield_num: 1,
        acceptance_yield_den: 2,
        yield_num: null,
        yield_den: null,
        yield_low: null,
        melt_num: null,
        melt_den: null,
        melt_high: null,
      })),
    );
  });

  it("entry stage inquiry (the default) with no inquiry source: no one is counted as entered, nothing reads 0%", async () => {
    const rows = await admissionsOnly({});
    expect(rows.filter((r) => (r as { ordering: string }).ordering === "ordered")).toEqual([
      none("ordered", "inquiry", null),
      none("ordered", "open_day_registered", "inquiry"),
      none("ordered", "open_day_attended", "open_day_registered"),
      none("ordered", "trial_lecture", "inquiry"),
      // reached in order after an inquiry no source records: not counted, and the cumulative share is unknown
      { ...row("ordered", "application", "inquiry", 0, null, [0, 0]), cu_num: null, cu_den: null },
      { ...row("ordered", "eligible", "application", 0, [0, 0], [0, 0]), cu_num: null, cu_den: null },
      { ...row("ordered", "admitted", "eligible", 0, [0, 0], [0, 0]), cu_num: null, cu_den: null },
      { ...row("ordered", "accepted", "admitted", 0, [0, 0], [0, 0]), cu_num: null, cu_den: null },
      none("ordered", "enrolled", "accepted"),
    ]);
    // in any order every cohort person has entered: the cohort's applicants
    expect(rows.find((r) => (r as { ordering: string; stage: string }).stage === "accepted")).toEqual(
      row("any", "accepted", "admitted", 1, [1, 2], [1, 3]),
    );
  });
});
