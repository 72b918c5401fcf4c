import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotReadyError, RequestError } from "../../app/errors.ts";
import { forecast } from "../../app/forecast.ts";
import { init } from "../../app/init.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { buildOrder, discoverModels } from "../../pipelines/models.ts";
import { runModels } from "../../pipelines/runner.ts";
import { type LoadedConfig, loadConfig, resolvePath } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { tempProject } from "../helpers/project.ts";

/** P1's HT2023-HT2025 (4 applicants each, 2 of them 45 days before the deadline, 1 enrolled) and HT2026's. */
const EVENTS: [person: string, stage: string, date: string, intake: string][] = [
  ...[2023, 2024, 2025].flatMap((y): [string, string, string, string][] => [
    [`A${y}`, "application", `${y}-03-01`, `HT${y}`],
    [`B${y}`, "application", `${y}-03-01`, `HT${y}`],
    [`C${y}`, "application", `${y}-04-10`, `HT${y}`],
    [`D${y}`, "application", `${y}-04-10`, `HT${y}`],
    [`A${y}`, "admitted", `${y}-07-10`, `HT${y}`],
    [`A${y}`, "accepted", `${y}-07-20`, `HT${y}`],
    [`A${y}`, "enrolled", `${y}-08-28`, `HT${y}`],
  ]),
  ["E", "application", "2026-03-01", "HT2026"],
  ["F", "application", "2026-04-01", "HT2026"],
];

describe("slm forecast (app/forecast.ts)", () => {
  const project = tempProject();
  let loaded: LoadedConfig;

  beforeAll(async () => {
    init(project.dir);
    loaded = loadConfig(project.dir);
    await expect(forecast(loaded)).rejects.toThrow(NotReadyError);
    const w = await Warehouse.open(resolvePath(loaded, loaded.config.paths.warehouse));
    try {
      await registerModelFunctions(w, {
        key: randomBytes(32),
        config: loaded.config,
        referenceDate: "2026-11-23",
      });
      await w.run(`CREATE SCHEMA IF NOT EXISTS core`);
      await w.run(`CREATE TABLE core.fct_lifecycle_events (event_id VARCHAR, person_id BIGINT, stage VARCHAR,
        event_date DATE, programme_code VARCHAR, intake VARCHAR)`);
      const ids = new Map<string, number>();
      for (const [i, [person, stage, date, intake]] of EVENTS.entries()) {
        if (!ids.has(person)) ids.set(person, ids.size + 1);
        await w.run("INSERT INTO core.fct_lifecycle_events VALUES ($1, $2, $3, $4::DATE, 'P1', $5)", [
          `E${i}`,
          ids.get(person)!,
          stage,
          date,
          intake,
        ]);
      }
      const names = ["runs", "", "backtest"].map((s) => `marts.mart_enrolment_forecast${s ? `_${s}` : ""}`);
      await runModels(w, undefined, buildOrder(discoverModels().filter((m) => names.includes(m.name))));
    } finally {
      w.close();
    }
  }, 60_000);
  afterAll(() => project.remove());

  it("reads the last run's forecasts, and as of its reference date computes the same", async () => {
    const last = await forecast(loaded);
    expect(last.as_of).toBe("2026-11-23");
    // nobody has applied yet: the four earlier intakes' means (HT2026 had 2 applicants and no admission); over all
    // programmes the same, as P1 is the only one
    expect(last.forecasts.map((f) => [f.programme_code, f.intake, f.stage, f.status, f.expected])).toEqual(
      ["P1", "all"].flatMap((p) => [
        [p, "HT2027", "application", "ok", 3.5],
        [p, "HT2027", "admitted", "ok", 0.8],
        [p, "HT2027", "accepted", "ok", 0.8],
        [p, "HT2027", "enrolled", "ok", 0.8],
      ]),
    );
    expect(await forecast(loaded, { asOf: "2026-11-23" })).toEqual(last);
  });

  it("forecasts as of another day from only what was known then", async () => {
    const then = await forecast(loaded, { asOf: "2026-03-18" });
    expect(then.as_of).toBe("2026-03-18");
    // HT2026's one applicant by then (F applied on 1 April), paced on the earlier cycles' two at that point
    expect(then.forecasts.find((f) => f.intake === "HT2026" && f.stage === "application")).toMatchObject({
      persons_so_far: 1,
      base_stage: "application",
      status: "ok",
    });
    // no earlier intake's census had passed before HT2023's: none of HT2026's backtest exists yet
    expect(then.backtest).toEqual([]);
  });

  it("refuses an as-of day that is not a day", async () => {
    await expect(forecast(loaded, { asOf: "18 March" })).rejects.toThrow(RequestError);
  });
});
