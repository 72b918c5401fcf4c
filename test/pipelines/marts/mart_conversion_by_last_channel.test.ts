import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

type Event = [person: number, stage: string, at: string, intake: string | null, channel?: string];

const MODELS = [
  "core.int_inquiry_intakes",
  "marts.mart_funnel_stages",
  "marts.mart_funnel_by_cohort",
  "marts.mart_conversion_by_last_channel",
];

describe("marts.mart_conversion_by_last_channel (as of 2026-11-23)", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await modelWarehouse();
    // every model once on empty sources, so core.fct_lifecycle_events and the calendar's dimensions exist
    await runModels(w);
    await build(EVENTS);
  }, 120_000);
  afterAll(() => w.close());

  async function build(events: Event[]) {
    await w.run("DELETE FROM core.fct_lifecycle_events");
    for (const [i, [person, stage, at, intake, channel]] of events.entries()) {
      await w.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, programme_code, intake, channel)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, 'PROG', $5, $6)`,
        [`e${i}`, person, stage, at, intake, channel ?? null],
      );
    }
    // in dependency order: the marts read mart_funnel_stages, which says which stages have a source
    await runModels(w, undefined, buildOrder(discoverModels().filter((m) => MODELS.includes(m.name))));
  }

  // HT2026's application deadline is 15 April 2026 and its census 18 September 2026 (the default SE calendar);
  // VT2027's deadline is 15 October 2026 and its census 6 February 2027, after the reference date.
  const EVENTS: Event[] = [
    // 1, Ann: first fair, last web_form before applying; the agent inquiry after applying is not her last channel
    [1, "inquiry", "2025-10-01 10:00:00", null, "fair"],
    [1, "inquiry", "2025-12-01 10:00:00", null, "web_form"],
    [1, "application", "2026-03-01 10:00:00", "HT2026"],
    [1, "inquiry", "2026-04-01 10:00:00", null, "agent"],
    [1, "enrolled", "2026-09-18 00:00:00", "HT2026"],
    // 2, Bo: one inquiry, so first and last channel are both fair; applied, not enrolled
    [2, "inquiry", "2025-11-01 10:00:00", null, "fair"],
    [2, "application", "2026-02-01 10:00:00", "HT2026"],
    // 3, Cy: applied first and inquired after: first channel search, no last channel (no_inquiry)
    [3, "application", "2026-02-02 10:00:00", "HT2026"],
    [3, "inquiry", "2026-03-01 10:00:00", null, "search"],
    // 4, Di: never applied; her cohort is HT2026 (her first inquiry's cycle), so her last channel is the last inquiry
    // up to its deadline (fair on 10 April), not the web_form one of 1 May (VT2027's cycle)
    [4, "inquiry", "2025-11-05 10:00:00", null, "search"],
    [4, "inquiry", "2026-04-10 10:00:00", null, "fair"],
    [4, "inquiry", "2026-05-01 10:00:00", null, "web_form"],
    // 5, Ed: two inquiries at one moment: the last channel is the highest (search), the first the lowest (fair)
    [5, "inquiry", "2026-01-10 09:00:00", null, "fair"],
    [5, "inquiry", "2026-01-10 09:00:00", null, "search"],
    [5, "application", "2026-04-14 10:00:00", "HT2026"],
    // 6, Fay: inquired for VT2027 and has not applied; VT2027's enrolment cannot have happened yet
    [6, "inquiry", "2026-05-02 10:00:00", null, "web_form"],
    // 7, Gus: only after the reference date: nobody yet
    [7, "inquiry", "2026-12-01 10:00:00", null, "fair"],
  ];

  it("counts each cohort person once, under the channel of their last inquiry before applying or the deadline", async () => {
    const rows = await w.all(
      `SELECT intake, last_channel, stage, data_status, last_channel_conversion_num AS num,
              last_channel_conversion_den AS den
         FROM marts.mart_conversion_by_last_channel
        WHERE programme_code = 'PROG'
        ORDER BY intake, last_channel, stage`,
    );
    expect(rows).toEqual([
      // Bo applied; Di did not
      { intake: "HT2026", last_channel: "fair", stage: "application", data_status: "ok", num: 1, den: 2 },
      { intake: "HT2026", last_channel: "fair", stage: "enrolled", data_status: "ok", num: 0, den: 2 },
      // Cy
      {
        intake: "HT2026",
        last_channel: "no_inquiry",
        stage: "application",
        data_status: "ok",
        num: 1,
        den: 1,
      },
      { intake: "HT2026", last_channel: "no_inquiry", stage: "enrolled", data_status: "ok", num: 0, den: 1 },
      // Ed
      { intake: "HT2026", last_channel: "search", stage: "application", data_status: "ok", num: 1, den: 1 },
      { intake: "HT2026", last_channel: "search", stage: "enrolled", data_status: "ok", num: 0, den: 1 },
      // Ann applied and enrolled
      { intake: "HT2026", last_channel: "web_form", stage: "application", data_status: "ok", num: 1, den: 1 },
      { intake: "HT2026", last_channel: "web_form", stage: "enrolled", data_status: "ok", num: 1, den: 1 },
      // 6, Fay: no application yet; her enrolment is not observable before VT2027's census
      { intake: "VT2027", last_channel: "web_form", stage: "application", data_status: "ok", num: 0, den: 1 },
      {
        intake: "VT2027",
        last_channel: "web_form",
        stage: "enrolled",
        data_status: "not_yet_observable",
        num: null,
        den: null,
      },
    ]);
  });

  it("cuts the funnel's cohorts another way: per first channel they fall elsewhere, in total they are the same", async () => {
    // the first-channel figures beside them: Ann, Bo and Ed first inquired at a fair, Cy and Di through search
    const first = await w.all(
      `SELECT first_channel, cumulative_conversion_num AS num, cumulative_conversion_den AS den
         FROM marts.mart_funnel_by_cohort
        WHERE intake = 'HT2026' AND programme_code = 'PROG' AND country_group = 'all' AND ordering = 'any'
          AND stage = 'application'
        ORDER BY first_channel`,
    );
    expect(first).toEqual([
      { first_channel: "all", num: 4, den: 5 },
      { first_channel: "fair", num: 3, den: 3 },
      { first_channel: "search", num: 1, den: 2 },
    ]);
    const total = await w.all(
      `SELECT sum(last_channel_conversion_num)::INTEGER AS num, sum(last_channel_conversion_den)::INTEGER AS den
         FROM marts.mart_conversion_by_last_channel
        WHERE intake = 'HT2026' AND programme_code = 'PROG' AND stage = 'application'`,
    );
    expect(total).toEqual([{ num: 4, den: 5 }]);
  });

  it("gives the rate's 95% Wilson interval", async () => {
    const [fair] = await w.all(
      `SELECT last_channel_conversion_low AS low, last_channel_conversion_high AS high
         FROM marts.mart_conversion_by_last_channel
        WHERE intake = 'HT2026' AND last_channel = 'fair' AND stage = 'application'`,
    );
    // 1 of 2: centre 0.5, half-width z/(1+z²/n) * sqrt(p(1-p)/n + z²/4n²) with z = 1.959964
    expect(fair?.low).toBeCloseTo(0.0945, 4);
    expect(fair?.high).toBeCloseTo(0.9055, 4);
  });
});
