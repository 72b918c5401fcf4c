import { describe, expect, it } from "vitest";
import { Z80, Z95 } from "../../../pipelines/metrics/wilson.ts";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [person: string, stage: string, date: string, intake: string, programme?: string];

async function createEvents(w: Warehouse) {
  await w.run(`CREATE OR REPLACE TABLE core.fct_lifecycle_events (
    event_id VARCHAR, person_id BIGINT, stage VARCHAR, stage_order INTEGER, event_date DATE, event_at TIMESTAMP,
    programme_code VARCHAR, intake VARCHAR, country VARCHAR, country_code VARCHAR, channel VARCHAR,
    campaign VARCHAR, detail VARCHAR, priority BIGINT, record_id VARCHAR, source_model VARCHAR, source_key VARCHAR)`);
}

let next = 0;
const ids = new Map<string, number>();
async function add(w: Warehouse, rows: Event[]) {
  for (const [person, stage, date, intake, programme] of rows) {
    if (!ids.has(person)) ids.set(person, ids.size + 1);
    await w.run(
      `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_date, event_at, programme_code, intake)
       VALUES ($1, $2, $3, $4::DATE, $4::TIMESTAMP, $5, $6)`,
      [`E${++next}`, ids.get(person)!, stage, date, programme ?? "P1", intake],
    );
  }
}

/**
 * Three earlier HT cycles of P1 alike: A and B apply 45 days before the 15 April deadline, C and D 5 days before;
 * A and C are admitted and accept; A enrols, and C too in 2024. So at 4 weeks before the deadline every earlier
 * cycle had 2 applicants, and ended with 4 applicants, 2 admitted, 2 accepted and 1, 2, 1 enrolled.
 */
function earlierCycles(): Event[] {
  return [2023, 2024, 2025].flatMap((y): Event[] => [
    [`A${y}`, "application", `${y}-03-01`, `HT${y}`],
    [`B${y}`, "application", `${y}-03-01`, `HT${y}`],
    [`C${y}`, "application", `${y}-04-10`, `HT${y}`],
    [`D${y}`, "application", `${y}-04-10`, `HT${y}`],
    [`A${y}`, "admitted", `${y}-07-10`, `HT${y}`],
    [`C${y}`, "admitted", `${y}-07-10`, `HT${y}`],
    [`A${y}`, "accepted", `${y}-07-20`, `HT${y}`],
    [`C${y}`, "accepted", `${y}-07-20`, `HT${y}`],
    [`A${y}`, "enrolled", `${y}-08-28`, `HT${y}`],
    ...(y === 2024 ? ([[`C${y}`, "enrolled", `${y}-08-28`, `HT${y}`]] as Event[]) : []),
  ]);
}

/** HT2026 as of 18 March 2026 (4 weeks before its deadline): E, F and G have applied. */
const thisCycle: Event[] = [
  ["E", "application", "2026-03-01", "HT2026"],
  ["F", "application", "2026-03-10", "HT2026"],
  ["G", "application", "2026-03-18", "HT2026"],
];

/** Everything dated after 18 March 2026: a later applicant, admissions, and a late event of an earlier cycle. */
const later: Event[] = [
  ["H", "application", "2026-03-19", "HT2026"],
  ["I", "application", "2026-04-15", "HT2026"],
  ["E", "admitted", "2026-07-10", "HT2026"],
  ["E", "accepted", "2026-07-20", "HT2026"],
  ["E", "enrolled", "2026-08-28", "HT2026"],
  ["B2025", "enrolled", "2026-03-20", "HT2025"],
];

/** Dated after the reference date (2026-11-23): applicants to the running HT2027 cycle, one of a new programme. */
const afterReference: Event[] = [
  ["J", "application", "2026-11-24", "HT2027"],
  ["L", "application", "2027-01-10", "HT2027"],
  ["M", "application", "2026-12-01", "HT2027", "P3"],
];

const run = (w: Warehouse) =>
  runModels(
    w,
    undefined,
    buildOrder(
      discoverModels().filter((m) =>
        [
          "marts.mart_enrolment_forecast_runs",
          "marts.mart_enrolment_forecast",
          "marts.mart_enrolment_forecast_backtest",
        ].includes(m.name),
      ),
    ),
  );

const round6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

async function fourWeeks(w: Warehouse, intake: string, programme = "P1") {
  const rows = await w.all<Record<string, number | string | null>>(
    `SELECT stage, as_of::VARCHAR AS as_of, weeks_to_deadline, status, earlier_cycles, base_stage, persons_so_far,
            expected, low80, high80, low95, high95
       FROM marts.mart_enrolment_forecast_runs
      WHERE programme_code = $2 AND intake = $1 AND horizon = '4_weeks' ORDER BY CASE stage WHEN 'application' THEN 1
        WHEN 'admitted' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END`,
    [intake, programme],
  );
  return rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? round6(v) : v])),
  );
}

/**
 * The row the method gives: the paced estimate and the earlier cycles' mean, each with its variance, weighed by
 * their precision; the intervals never below the count so far.
 */
function forecast(stage: string, soFar: number, paced: [number, number], history: [number, number]) {
  const [pe, pv] = paced;
  const [he, hv] = history;
  const expected = (pe / pv + he / hv) / (1 / pv + 1 / hv);
  const sd = Math.sqrt(1 / (1 / pv + 1 / hv));
  return {
    stage,
    as_of: "2026-03-18",
    weeks_to_deadline: 4,
    status: "ok",
    earlier_cycles: 3,
    base_stage: "application",
    persons_so_far: soFar,
    expected: round6(expected),
    low80: round6(Math.max(soFar, expected - Z80 * sd)),
    high80: round6(expected + Z80 * sd),
    low95: round6(Math.max(soFar, expected - Z95 * sd)),
    high95: round6(expected + Z95 * sd),
  };
}

describe("marts.mart_enrolment_forecast_runs (reference date 2026-11-23)", () => {
  const w = modelWarehouseFor("test", async (w) => {
    await createEvents(w);
  });

  it("paces this cycle's count by the earlier cycles' ratios at the same day before the deadline", async () => {
    await add(w, [...earlierCycles(), ...thisCycle]);
    await run(w);
    // Paced on the 3 applicants so far; each earlier cycle grew its applicants g = 4/2 = 2-fold from here.
    // applicants: 3 x 4/2 = 6; ratios all 2 (no spread); growth noise 6 x (g - 1) = 6. Earlier cycles' mean 4,
    // variance 0 x (1 + 1/3) + 4 (Poisson) = 4.
    // admitted, accepted: 3 x 2/2 = 3, no spread; of the applicants p = 1/2 were admitted (and accepted):
    // 3 x ((g - 1) x p + |1 - p|) = 3. Earlier mean 2, variance 2.
    // enrolled: ratios 1/2, 2/2, 1/2 (mean 2/3, sample variance 1/12): 3 x 2/3 = 2, variance 3^2 x 1/12 x (1 + 1/3)
    // + 2 x ((g - 1) x 1/3 + 2/3) = 3, p = mean of 1/4, 2/4, 1/4. Earlier mean 4/3, variance 1/3 x 4/3 + 4/3 = 16/9.
    expect(await fourWeeks(w, "HT2026")).toEqual([
      forecast("application", 3, [6, 6], [4, 4]),
      forecast("admitted", 0, [3, 3], [2, 2]),
      forecast("accepted", 0, [3, 3], [2, 2]),
      forecast("enrolled", 0, [2, 3], [4 / 3, 16 / 9]),
    ]);
    // over all programmes, each person once: with one programme, the same
    expect(await fourWeeks(w, "HT2026", "all")).toEqual(await fourWeeks(w, "HT2026"));
  });

  it("says why there is no forecast with fewer than three earlier cycles, or none", async () => {
    await add(w, [...earlierCycles(), ...thisCycle, ["K", "application", "2026-03-01", "HT2026", "P2"]]);
    await run(w);
    const statuses = await w.all(
      `SELECT programme_code, intake, status, earlier_cycles, round(expected, 6) AS expected FROM marts.mart_enrolment_forecast_runs
        WHERE horizon = '4_weeks' AND stage = 'enrolled' AND programme_code <> 'all' ORDER BY programme_code, intake`,
    );
    expect(statuses).toEqual([
      { programme_code: "P1", intake: "HT2023", status: "new_programme", earlier_cycles: 0, expected: null },
      { programme_code: "P1", intake: "HT2024", status: "too_few_cycles", earlier_cycles: 1, expected: null },
      { programme_code: "P1", intake: "HT2025", status: "too_few_cycles", earlier_cycles: 2, expected: null },
      { programme_code: "P1", intake: "HT2026", status: "ok", earlier_cycles: 3, expected: round6(68 / 43) },
      { programme_code: "P2", intake: "HT2026", status: "new_programme", earlier_cycles: 0, expected: null },
    ]);
  });

  it("a forecast as of a date ignores every event after it: adding later events changes nothing", async () => {
    await add(w, [...earlierCycles(), ...thisCycle]);
    await run(w);
    const before = await fourWeeks(w, "HT2026");
    await add(w, later);
    await run(w);
    expect(await fourWeeks(w, "HT2026")).toEqual(before);
    // the realised count, known on the reference date, does take them in
    expect(
      await w.all(
        `SELECT stage, realised FROM marts.mart_enrolment_forecast_runs WHERE programme_code = 'P1' AND intake = 'HT2026' AND horizon = '4_weeks'
          ORDER BY stage`,
      ),
    ).toEqual([
      { stage: "accepted", realised: 1 },
      { stage: "admitted", realised: 1 },
      { stage: "application", realised: 5 },
      { stage: "enrolled", realised: 1 },
    ]);
    // as of the reference date: P1's HT2027 (and so all programmes'), which nobody has applied to yet, forecast from
    // its earlier cycles
    const current = await w.all<{ programme_code: string; intake: string; stage: string; expected: number }>(
      "SELECT * FROM marts.mart_enrolment_forecast ORDER BY ALL",
    );
    expect(current.map((r) => [r.programme_code, r.intake, r.stage, r.expected])).toEqual(
      ["P1", "all"].flatMap((p) => [
        [p, "HT2027", "accepted", 1.75],
        [p, "HT2027", "admitted", 1.75],
        [p, "HT2027", "application", 4.25],
        [p, "HT2027", "enrolled", 1.5],
      ]),
    );
    await add(w, afterReference);
    await run(w);
    expect(await w.all("SELECT * FROM marts.mart_enrolment_forecast ORDER BY ALL")).toEqual(current);
  });

  it("scores the backtest per horizon and size band from the realised counts", async () => {
    await add(w, [...earlierCycles(), ...thisCycle, ...later, ...afterReference]);
    await run(w);
    // only HT2026 has three earlier cycles; its enrolment (1) against the 4-week forecast of 68/43 (variance 48/43)
    const rows = await w.all<Record<string, string | number>>(
      `SELECT size_band, forecasts, covered80, covered95, mape_forecasts, mape FROM marts.mart_enrolment_forecast_backtest
        WHERE stage = 'enrolled' AND horizon = '4_weeks' ORDER BY size_band`,
    );
    expect(rows.map((r) => ({ ...r, mape: round6(r.mape as number) }))).toEqual(
      ["all", "small"].map((size_band) => ({
        size_band,
        forecasts: 1,
        covered80: 1,
        covered95: 1,
        mape_forecasts: 1,
        mape: round6(68 / 43 - 1),
      })),
    );
  });
});
