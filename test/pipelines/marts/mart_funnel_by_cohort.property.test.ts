import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

const STAGES = [
  "inquiry",
  "open_day_registered",
  "open_day_attended",
  "trial_lecture",
  "application",
  "eligible",
  "admitted",
  "accepted",
  "enrolled",
] as const;

const event = fc.record({
  person: fc.integer({ min: 1, max: 12 }),
  stage: fc.constantFrom(...STAGES),
  // 2025-01-01 + days: some after the reference date 2026-11-23
  day: fc.integer({ min: 0, max: 720 }),
  intake: fc.constantFrom("HT2025", "HT2026", "VT2026"),
  programme: fc.constantFrom("PROGA", "PROGB"),
  channel: fc.constantFrom("fair", "web_form", "agent", null),
  country: fc.constantFrom("SE", "US", "NO", null),
  priority: fc.integer({ min: 1, max: 3 }),
});

type Event = typeof event extends fc.Arbitrary<infer T> ? T : never;
type Row = { key: string; persons: number; cu_num: number; cu_den: number };

describe("marts.mart_funnel_by_cohort metamorphic: partitions add up to the unpartitioned funnel", () => {
  const w = modelWarehouseFor("suite", async (w) => {
    await runModels(w); // every model once on empty sources, so the event table has its real columns
  });

  // the funnel and the stages it counts, which say which stages the events give a source
  const funnel = buildOrder(
    discoverModels().filter((m) =>
      ["core.int_inquiry_intakes", "marts.mart_funnel_stages", "marts.mart_funnel_by_cohort"].includes(
        m.name,
      ),
    ),
  );

  async function run(events: Event[], erase: boolean) {
    await w.run("DELETE FROM core.fct_lifecycle_events");
    const rows = events.map((e, i) => ({
      id: `e${i}`,
      person: e.person,
      stage: e.stage,
      day: e.day,
      // an inquiry has no intake and carries the channel; other events carry the intake
      intake: e.stage === "inquiry" ? null : e.intake,
      programme: e.programme,
      channel: e.stage === "inquiry" && !erase ? e.channel : null,
      country: e.stage === "inquiry" || e.stage === "application" ? (erase ? null : e.country) : null,
      priority: e.stage === "application" ? e.priority : null,
    }));
    await w.run(
      `INSERT INTO core.fct_lifecycle_events
         (event_id, person_id, stage, event_date, event_at, intake, programme_code, channel, country_code, priority)
       SELECT r.id, r.person, r.stage, DATE '2025-01-01' + r.day, (DATE '2025-01-01' + r.day)::TIMESTAMP,
              r.intake, r.programme, r.channel, r.country, r.priority
       FROM (SELECT unnest($1::JSON::STRUCT(id VARCHAR, person BIGINT, stage VARCHAR, day INTEGER, intake VARCHAR,
               programme VARCHAR, channel VARCHAR, country VARCHAR, priority INTEGER)[]) AS r)`,
      [JSON.stringify(rows)],
    );
    await runModels(w, undefined, funnel);
    return w.all<Row & { first_channel: string; country_group: string }>(
      `SELECT coalesce(programme_code, '?') || '|' || intake || '|' || stage || '|' || ordering AS key,
              first_channel, country_group, persons::INTEGER AS persons,
              cumulative_conversion_num::INTEGER AS cu_num, cumulative_conversion_den::INTEGER AS cu_den
         FROM marts.mart_funnel_by_cohort`,
    );
  }

  function sumBy(rows: Row[]) {
    const out = new Map<string, { persons: number; cu_num: number; cu_den: number }>();
    for (const r of rows) {
      const s = out.get(r.key) ?? { persons: 0, cu_num: 0, cu_den: 0 };
      s.persons += r.persons;
      s.cu_num += r.cu_num;
      s.cu_den += r.cu_den;
      out.set(r.key, s);
    }
    return Object.fromEntries([...out].sort(([a], [b]) => a.localeCompare(b)));
  }

  it("summing a stage over first channel (with its no-inquiry bucket) or country group (with unknown) gives the funnel computed with both erased", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
        const partitioned = await run(events, false);
        const whole = await run(events, true);
        // erased: one channel bucket and one country bucket, so each cohort's rows are its 'all' rows
        const unpartitioned = sumBy(
          whole.filter((r) => r.first_channel === "all" && r.country_group === "all"),
        );
        expect(
          sumBy(partitioned.filter((r) => r.first_channel !== "all" && r.country_group === "all")),
        ).toEqual(unpartitioned);
        expect(
          sumBy(partitioned.filter((r) => r.first_channel === "all" && r.country_group !== "all")),
        ).toEqual(unpartitioned);
        expect(
          sumBy(partitioned.filter((r) => r.first_channel !== "all" && r.country_group !== "all")),
        ).toEqual(unpartitioned);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
