import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { tempProject } from "../../helpers/project.ts";
import { ingestedDemo } from "../../helpers/truth.ts";
import { runUpTo } from "../core/lifecycle-fixtures.ts";

interface Score {
  horizon: string;
  forecasts: number;
  covered80: number;
  covered95: number;
  mape: number | null;
}

// The demo plants the same rates in every cycle (demo/rates.ts), so the spread of the earlier cycles' pacing ratios
// and the binomial noise of the counts are all there is to a programme's next intake: an interval that is honest
// about them covers the realised enrolment about as often as it says.
describe("enrolment forecast backtest on the demo institution (3,000 persons, SE and NL)", () => {
  const project = tempProject();
  let w: Warehouse;
  let enrolled: Score[];

  beforeAll(async () => {
    w = await ingestedDemo(project.dir, { persons: 3000, seed: 1, country: "both" }, "2026-10-01");
    await runUpTo(w, ["marts.mart_enrolment_forecast_backtest"]);
    enrolled = await w.all<Score>(
      `SELECT horizon, forecasts, covered80, covered95, mape FROM marts.mart_enrolment_forecast_backtest
        WHERE stage = 'enrolled' AND size_band = 'all' ORDER BY horizon_order`,
    );
    const line = (s: Score) =>
      `${s.horizon}: ${s.forecasts} forecasts, 95% covers ${((100 * s.covered95) / s.forecasts).toFixed(0)}%, 80% covers ${((100 * s.covered80) / s.forecasts).toFixed(0)}%, MAPE ${s.mape === null ? "-" : (100 * s.mape).toFixed(0)}%`;
    console.info(`enrolled at census, backtest:\n${enrolled.map(line).join("\n")}`);
  }, 300_000);
  afterAll(() => {
    w?.close();
    project.remove();
  });

  it("backtests every horizon on enough programme x intakes for a coverage figure to mean something", () => {
    expect(enrolled.map((s) => s.horizon)).toEqual(["12_weeks", "8_weeks", "4_weeks", "0_weeks", "reply_by"]);
    for (const s of enrolled.filter((s) => s.horizon !== "reply_by"))
      expect(s.forecasts).toBeGreaterThanOrEqual(40);
  });

  it("the 95% interval covers the realised enrolment of at least 85% of programme x intakes at every horizon", () => {
    for (const s of enrolled) expect(s.covered95 / s.forecasts, s.horizon).toBeGreaterThanOrEqual(0.85);
  });

  it("reports the MAPE at 4 weeks before the deadline", () => {
    const at4 = enrolled.find((s) => s.horizon === "4_weeks");
    expect(at4?.mape).toBeGreaterThan(0);
  });
});
