import { describe, expect, it } from "vitest";
import { discoverModels } from "../../../pipelines/models.ts";
import { runModels } from "../../../pipelines/runner.ts";
import { modelWarehouseFor } from "../../helpers/models.ts";

type Event = [
  person: number,
  stage: string,
  at: string,
  intake: string | null,
  channel?: string,
  campaign?: string,
];

describe("attribution: first, last and any touch", () => {
  const warehouse = modelWarehouseFor("test", async (warehouse) => {
    // Build every model once on empty sources, so core.fct_lifecycle_events has its real columns.
    await runModels(warehouse);
  });

  async function attribution(events: Event[], campaigns: "campaigns" | "channels" = "campaigns") {
    await warehouse.run("DELETE FROM core.fct_lifecycle_events");
    for (const [i, [person, stage, at, intake, channel, campaign]] of events.entries()) {
      await warehouse.run(
        `INSERT INTO core.fct_lifecycle_events (event_id, person_id, stage, event_at, event_date, intake, channel, campaign)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $4::DATE, $5, $6, $7)`,
        [`e${i}`, person, stage, at, intake, channel ?? null, campaign ?? null],
      );
    }
    const model = discoverModels().filter((m) => m.name === "marts.mart_attribution");
    await runModels(warehouse, undefined, model);
    return warehouse.all(
      `SELECT model, outcome, intake, channel, campaign, persons FROM marts.mart_attribution
        WHERE (campaign = 'all') = $1`,
      [campaigns === "channels"],
    );
  }

  it("credits the first and last touch before the application, every touch for any-touch, 'none' when there was none", async () => {
    const rows = await attribution([
      [1, "inquiry", "2025-10-01 10:00:00", null, "fair", "F1"],
      [1, "inquiry", "2025-12-01 10:00:00", null, "web_form", "W1"],
      [1, "application", "2026-03-01 10:00:00", "HT2026"],
      [1, "inquiry", "2026-04-01 10:00:00", null, "agent", "A1"], // after applying: no credit
      [1, "enrolled", "2026-09-20 00:00:00", "HT2026"],
      [2, "inquiry", "2025-11-01 10:00:00", null, "fair", "F1"],
      [2, "application", "2026-02-01 10:00:00", "HT2026"],
      [3, "application", "2026-02-02 10:00:00", "HT2026"], // applied without any touch
      [4, "inquiry", "2025-11-05 10:00:00", null, "search"], // never applied: not attributed
      [5, "inquiry", "2026-12-01 10:00:00", null, "fair"], // after the reference date (2026-11-23): ignored
    ]);
    expect(rows).toEqual([
      {
        model: "any_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "fair",
        campaign: "F1",
        persons: 2,
      },
      {
        model: "any_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "web_form",
        campaign: "W1",
        persons: 1,
      },
      {
        model: "any_touch",
        outcome: "enrolled",
        intake: "HT2026",
        channel: "fair",
        campaign: "F1",
        persons: 1,
      },
      {
        model: "any_touch",
        outcome: "enrolled",
        intake: "HT2026",
        channel: "web_form",
        campaign: "W1",
        persons: 1,
      },
      {
        model: "first_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "fair",
        campaign: "F1",
        persons: 2,
      },
      {
        model: "first_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "none",
        campaign: "(none)",
        persons: 1,
      },
      {
        model: "first_touch",
        outcome: "enrolled",
        intake: "HT2026",
        channel: "fair",
        campaign: "F1",
        persons: 1,
      },
      {
        model: "last_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "fair",
        campaign: "F1",
        persons: 1,
      },
      {
        model: "last_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "none",
        campaign: "(none)",
        persons: 1,
      },
      {
        model: "last_touch",
        outcome: "applied",
        intake: "HT2026",
        channel: "web_form",
        campaign: "W1",
        persons: 1,
      },
      {
        model: "last_touch",
        outcome: "enrolled",
        intake: "HT2026",
        channel: "web_form",
        campaign: "W1",
        persons: 1,
      },
    ]);
  });

  it("adds a row per channel with campaign 'all' counting distinct persons over its campaigns", async () => {
    const rows = await attribution(
      [
        [1, "inquiry", "2025-10-01 10:00:00", null, "fair", "F1"],
        [1, "inquiry", "2025-11-01 10:00:00", null, "fair", "F2"],
        [1, "application", "2026-03-01 10:00:00", "HT2026"],
        [2, "inquiry", "2025-10-05 10:00:00", null, "fair", "F2"],
        [2, "application", "2026-03-02 10:00:00", "HT2026"],
      ],
      "channels",
    );
    const row = (model: string, persons: number) => ({
      model,
      outcome: "applied",
      intake: "HT2026",
      channel: "fair",
      campaign: "all",
      persons,
    });
    // any touch credits F1 and F2 to person 1, yet the channel counts each person once
    expect(rows).toEqual([row("any_touch", 2), row("first_touch", 2), row("last_touch", 2)]);
  });
});
