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
      { name: "term", type: "VARCHAR" },
      { name: "inquiries", type: "BOOLEAN" },
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
  });

  it("hold the expanded rows, explicit intakes among them", async () => {
    expect(
      await w.all(
        `SELECT intake, system, country, deadline::VARCHAR AS deadline, previous_intake, term, inquiries FROM slm_calendar
          WHERE intake IN ('HT2026', '2026-FEB', '2025-K') ORDER BY intake`,
      ),
    ).toEqual([
      {
        intake: "2025-K",
        system: "se",
        country: "SE",
        deadline: "2025-03-31",
        previous_intake: null,
        term: "2025-K",
        inquiries: true,
      },
      {
        intake: "2026-FEB",
        system: "nl",
        country: "NL",
        deadline: "2026-12-01",
        previous_intake: "2025-FEB",
        term: "{Y}-FEB",
        inquiries: false,
      },
      {
        intake: "HT2026",
        system: "se",
        country: "SE",
        deadline: "2026-04-15",
        previous_intake: "HT2025",
        term: "HT{Y}",
        inquiries: true,
      },
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
});
