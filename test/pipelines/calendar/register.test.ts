import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";

describe("the calendar's TEMP tables", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await modelWarehouse({
      calendar: {
        intakes: { "2025-K": { system: "se", deadline: "2025-03-31", rounds: { main: "2025-05-02" } } },
      },
    });
  });
  afterAll(() => w?.close());

  const columns = (table: string) =>
    w.all(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${table})`);

  // Models of other branches join these by name: the columns are an interface.
  it("have the promised columns and types", async () => {
    expect(await columns("slm_calendar")).toEqual([
      { name: "intake", type: "VARCHAR" },
      { name: "system", type: "VARCHAR" },
      { name: "country", type: "VARCHAR" },
      { name: "deadline", type: "DATE" },
      { name: "previous_intake", type: "VARCHAR" },
      { name: "start_on", type: "DATE" },
      { name: "census_on", type: "DATE" },
      { name: "reply_by", type: "DATE" },
    ]);
    expect(await columns("slm_calendar_rounds")).toEqual([
      { name: "intake", type: "VARCHAR" },
      { name: "round", type: "VARCHAR" },
      { name: "selection_on", type: "DATE" },
    ]);
    expect(await columns("slm_calendar_systems")).toEqual([
      { name: "system", type: "VARCHAR" },
      { name: "country", type: "VARCHAR" },
      { name: "is_default", type: "BOOLEAN" },
    ]);
    expect(await columns("slm_calendar_cycles")).toEqual([
      { name: "system", type: "VARCHAR" },
      { name: "on_date", type: "DATE" },
      { name: "intake", type: "VARCHAR" },
    ]);
  });

  it("hold the expanded rows, explicit intakes among them", async () => {
    expect(
      await w.all(
        `SELECT intake, system, country, deadline::VARCHAR AS deadline, previous_intake FROM slm_calendar
          WHERE intake IN ('HT2026', '2026-FEB', '2025-K') ORDER BY intake`,
      ),
    ).toEqual([
      { intake: "2025-K", system: "se", country: "SE", deadline: "2025-03-31", previous_intake: null },
      {
        intake: "2026-FEB",
        system: "nl",
        country: "NL",
        deadline: "2026-12-01",
        previous_intake: "2025-FEB",
      },
      { intake: "HT2026", system: "se", country: "SE", deadline: "2026-04-15", previous_intake: "HT2025" },
    ]);
    expect(
      await w.all(
        "SELECT round, selection_on::VARCHAR AS selection_on FROM slm_calendar_rounds WHERE intake = '2025-K'",
      ),
    ).toEqual([{ round: "main", selection_on: "2025-05-02" }]);
    expect(
      await w.all("SELECT system, country, is_default FROM slm_calendar_systems ORDER BY system"),
    ).toEqual([
      { system: "nl", country: "NL", is_default: false },
      { system: "se", country: "SE", is_default: true },
    ]);
  });

  it("date every day into the cycle of the first intake taking inquiries whose deadline is on or after it", async () => {
    const cycle = (system: string, on: string) =>
      w.scalar("SELECT intake FROM slm_calendar_cycles WHERE system = $1 AND on_date = $2::DATE", [
        system,
        on,
      ]);
    expect(await cycle("se", "2025-03-31")).toBe("2025-K"); // an explicit intake with its own deadline
    expect(await cycle("se", "2025-04-01")).toBe("HT2025");
    expect(await cycle("se", "2026-04-15")).toBe("HT2026"); // on the deadline
    expect(await cycle("se", "2026-04-16")).toBe("VT2027");
    expect(await cycle("se", "2026-10-16")).toBe("HT2027");
    // NL: September only (February takes no inquiries)
    expect(await cycle("nl", "2026-05-01")).toBe("2026-SEP");
    expect(await cycle("nl", "2026-12-01")).toBe("2027-SEP");
    expect(
      await w.scalar("SELECT count(*) - count(DISTINCT (system, on_date)) FROM slm_calendar_cycles"),
    ).toBe(0);
  });
});
