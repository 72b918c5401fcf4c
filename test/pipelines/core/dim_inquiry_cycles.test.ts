import { describe, expect, it } from "vitest";
import { modelWarehouseFor } from "../../helpers/models.ts";
import { form, runUpTo, session } from "./lifecycle-fixtures.ts";

// Default SE calendar: HT{Y} deadline 15 April of Y, VT{Y} deadline 15 October of Y-1. Reference date 2026-11-23.
describe("an inquiry's cycle: the first intake the programme runs whose deadline is on or after it", () => {
  const w = modelWarehouseFor(
    "suite",
    async (w) => {
      // AUTUMN is only ever seen with autumn intakes; BOTH with an autumn and a spring one; NONE with no intake
      await session(w, { id: "S1", programme: "AUTUMN", intake: "HT2026", at: "2026-02-07 10:00:00" });
      await session(w, { id: "S2", programme: "BOTH", intake: "HT2026", at: "2026-02-07 10:00:00" });
      await session(w, { id: "S3", programme: "BOTH", intake: "VT2027", at: "2026-09-12 10:00:00" });
      await form(w, { id: "F1", person: "Ann", at: "2026-08-10 10:00:00", programme: "AUTUMN" });
      await form(w, { id: "F2", person: "Bo", at: "2026-08-10 10:00:00", programme: "BOTH" });
      await form(w, { id: "F3", person: "Cy", at: "2026-08-10 10:00:00", programme: "NONE" });
      await form(w, { id: "F4", person: "Di", at: "2026-04-15 10:00:00", programme: "AUTUMN" });
      await form(w, { id: "F5", person: "Ed", at: "2026-10-16 10:00:00", programme: "BOTH" });
      await runUpTo(w, ["marts.mart_funnel_by_cohort"]);
    },
    60_000,
  );

  it("knows the terms a programme runs from the intakes the data shows it with", async () => {
    expect(
      await w.all(
        "SELECT programme_code, array_to_string(inquiry_terms, '|') AS terms, cycle_key FROM core.dim_programme_systems",
      ),
    ).toEqual([
      { programme_code: "AUTUMN", terms: "HT{Y}", cycle_key: "se:HT{Y}" },
      { programme_code: "BOTH", terms: "HT{Y}|VT{Y}", cycle_key: "se:HT{Y},VT{Y}" },
    ]);
  });

  it("opens an autumn-only programme's cycle the day after the last autumn deadline", async () => {
    const cycle = (key: string, on: string) =>
      w.scalar("SELECT intake FROM core.dim_inquiry_cycles WHERE cycle_key = $1 AND on_date = $2::DATE", [
        key,
        on,
      ]);
    expect(await cycle("se:HT{Y}", "2026-04-15")).toBe("HT2026");
    expect(await cycle("se:HT{Y}", "2026-04-16")).toBe("HT2027");
    expect(await cycle("se:HT{Y}", "2026-10-16")).toBe("HT2027");
    expect(await cycle("se:HT{Y},VT{Y}", "2026-04-16")).toBe("VT2027");
    expect(await cycle("se:HT{Y},VT{Y}", "2026-10-15")).toBe("VT2027");
    expect(await cycle("se:HT{Y},VT{Y}", "2026-10-16")).toBe("HT2027");
    expect(await cycle("default", "2026-08-10")).toBe("VT2027");
    expect(
      await w.scalar("SELECT count(*) - count(DISTINCT (cycle_key, on_date)) FROM core.dim_inquiry_cycles"),
    ).toBe(0);
  });

  it("puts an August inquirer of an autumn-only programme into the next autumn intake, of a two-intake one into spring", async () => {
    const expected = [
      // Ann (10 Aug) and Di (on the 15 April deadline): the autumn-only programme's next and current autumn intake
      { intake: "HT2026", programme_code: "AUTUMN", inquirers: 1 },
      { intake: "HT2027", programme_code: "AUTUMN", inquirers: 1 },
      // Ed (16 October, after the spring deadline): the next autumn intake
      { intake: "HT2027", programme_code: "BOTH", inquirers: 1 },
      // Bo (10 Aug): the spring intake, whose 15 October deadline comes first
      { intake: "VT2027", programme_code: "BOTH", inquirers: 1 },
      // Cy: a programme seen with no intake takes the default system with all its terms: the deadline rule
      { intake: "VT2027", programme_code: "NONE", inquirers: 1 },
    ];
    // the funnel's inquiry cohorts (and so the application rate's inquirers, mart_application_rate_by_intake)
    expect(
      await w.all(
        `SELECT intake, programme_code, persons::INTEGER AS inquirers FROM marts.mart_funnel_by_cohort
          WHERE stage = 'inquiry' AND ordering = 'any' AND first_channel = 'all' AND country_group = 'all'
          ORDER BY programme_code, intake`,
      ),
    ).toEqual(expected);
  });
});
