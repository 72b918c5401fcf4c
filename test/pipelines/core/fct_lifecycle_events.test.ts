import { describe, expect, it } from "vitest";
import { modelWarehouse, modelWarehouseFor } from "../../helpers/models.ts";
import {
  application,
  checkin,
  form,
  ladokRegistration,
  ladokStart,
  registration,
  runUpTo,
  session,
  studyBreak,
} from "./lifecycle-fixtures.ts";

describe("core.fct_lifecycle_events", () => {
  const warehouse = modelWarehouseFor("test");

  it("turns every source into dated stage events of one person, with the record each came from", async () => {
    const w = warehouse;
    await form(w, {
      id: "S1",
      person: "Ann",
      at: "2025-11-02 10:00:00",
      channel: "fair",
      campaign: "Gymnasiemässan 2025",
    });
    await form(w, { id: "S2", person: "Ann", type: "alumni_signup", at: "2025-11-03 10:00:00" }); // not a stage
    await session(w, { id: "OD-1", at: "2026-03-10 10:00:00" });
    await session(w, { id: "TL-1", type: "trial_lecture", programme: "PROGA", at: "2026-03-20 10:00:00" });
    await registration(w, { id: "R1", session: "OD-1", person: "Ann", at: "2026-02-01 09:00:00" });
    await checkin(w, { id: "CI1", session: "OD-1", person: "Ann", at: "2026-03-10 10:05:00", ticket: "R1" });
    await checkin(w, { id: "CI2", session: "TL-1", person: "Ann", at: "2026-03-20 10:01:00" }); // walk-in
    await application(w, {
      person: "Ann",
      on: "2026-04-10",
      urval1: "Reserv",
      urval2: "Antagen",
      decision: "Antagen",
      reply: "Tackat ja",
      repliedOn: "2026-08-10",
    });
    await application(w, {
      person: "Ann",
      code: "DEMO-PROGB",
      programme: "PROGB",
      priority: 2,
      status: "Återtagen",
    });
    await ladokStart(w, { person: "Ann" });
    await ladokRegistration(w, {
      person: "Ann",
      term: "HT2027",
      on: "2027-08-30",
      type: "Fortsättningsregistrering",
    });
    await studyBreak(w, { person: "Ann", term: "HT2027", on: "2027-10-01", type: "Sent avbrott" });
    // Bo: admitted in urval 1, accepted, registered, then tidigt avbrott within three weeks: melt, not enrolled
    await application(w, {
      person: "Bo",
      on: "2026-04-02",
      urval1: "Antagen",
      decision: "Antagen",
      reply: "Tackat ja",
      repliedOn: "2026-07-20",
    });
    await ladokStart(w, { person: "Bo" });
    await studyBreak(w, { person: "Bo", on: "2026-09-07", type: "Tidigt avbrott" });
    await runUpTo(w, ["core.fct_lifecycle_events"]);

    const events = await w.all(
      `SELECT p.name, e.stage, e.stage_order, e.event_date::VARCHAR AS date, e.programme_code, e.intake, e.channel,
              e.campaign, e.detail, split_part(e.record_id, ':', 1) AS source
         FROM core.fct_lifecycle_events AS e
         JOIN (SELECT person_id, CASE record_id WHEN 'nya:' || system_key('nya', 'A-Ann') THEN 'Ann' ELSE 'Bo' END AS name
                 FROM identity.person_registry WHERE record_id LIKE 'nya:%') AS p USING (person_id)
        ORDER BY p.name, e.event_date, e.stage_order, e.stage`,
    );
    expect(events).toEqual([
      {
        name: "Ann",
        stage: "inquiry",
        stage_order: 1,
        date: "2025-11-02",
        programme_code: "PROGA",
        intake: null,
        channel: "fair",
        campaign: "Gymnasiemässan 2025",
        detail: "inquiry",
        source: "crm",
      },
      {
        name: "Ann",
        stage: "open_day_registered",
        stage_order: 2,
        date: "2026-02-01",
        programme_code: null,
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "confirmed",
        source: "crm",
      },
      {
        name: "Ann",
        stage: "open_day_attended",
        stage_order: 3,
        date: "2026-03-10",
        programme_code: null,
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "ticket",
        source: "checkin",
      },
      {
        name: "Ann",
        stage: "trial_lecture",
        stage_order: 4,
        date: "2026-03-20",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "walk_in",
        source: "checkin",
      },
      {
        name: "Ann",
        stage: "application",
        stage_order: 5,
        date: "2026-04-01",
        programme_code: "PROGB",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Återtagen",
        source: "nya",
      },
      {
        name: "Ann",
        stage: "application",
        stage_order: 5,
        date: "2026-04-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Anmäld",
        source: "nya",
      },
      {
        name: "Ann",
        stage: "eligible",
        stage_order: 6,
        date: "2026-07-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: null,
        source: "nya",
      },
      {
        name: "Ann",
        stage: "reserve",
        stage_order: 7,
        date: "2026-07-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "urval 1",
        source: "nya",
      },
      {
        name: "Ann",
        stage: "admitted",
        stage_order: 7,
        date: "2026-08-06",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "urval 2",
        source: "nya",
      },
      {
        name: "Ann",
        stage: "accepted",
        stage_order: 8,
        date: "2026-08-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Tackat ja",
        source: "nya",
      },
      {
        name: "Ann",
        stage: "enrolled",
        stage_order: 9,
        date: "2026-09-21",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "registered at census",
        source: "ladok",
      },
      {
        name: "Ann",
        stage: "first_year_progression",
        stage_order: 10,
        date: "2027-08-30",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "HT2027",
        source: "ladok",
      },
      {
        name: "Ann",
        stage: "left",
        stage_order: 11,
        date: "2027-10-01",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Sent avbrott",
        source: "ladok",
      },
      {
        name: "Bo",
        stage: "application",
        stage_order: 5,
        date: "2026-04-02",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Anmäld",
        source: "nya",
      },
      {
        name: "Bo",
        stage: "eligible",
        stage_order: 6,
        date: "2026-07-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: null,
        source: "nya",
      },
      {
        name: "Bo",
        stage: "admitted",
        stage_order: 7,
        date: "2026-07-10",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "urval 1",
        source: "nya",
      },
      {
        name: "Bo",
        stage: "accepted",
        stage_order: 8,
        date: "2026-07-20",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "Tackat ja",
        source: "nya",
      },
      {
        name: "Bo",
        stage: "early_break",
        stage_order: 9,
        date: "2026-09-07",
        programme_code: "PROGA",
        intake: "HT2026",
        channel: null,
        campaign: null,
        detail: "tidigt avbrott",
        source: "ladok",
      },
    ]);
    // every event keeps its source row and a stable id
    expect(
      await w.scalar<number>(
        "SELECT count(DISTINCT event_id)::INTEGER - count(*)::INTEGER FROM core.fct_lifecycle_events",
      ),
    ).toBe(0);
  });
});

describe("core.fct_lifecycle_events stage rules (config lifecycle)", () => {
  async function stages(config: Parameters<typeof modelWarehouse>[0]) {
    const w = await modelWarehouse(config);
    try {
      await form(w, { id: "F1", person: "Cy", at: "2025-10-01 10:00:00" });
      await form(w, { id: "F2", person: "Cy", type: "catalogue_order_person", at: "2025-10-02 10:00:00" });
      await form(w, { id: "F3", person: "Cy", type: "housing_interest", at: "2025-10-03 10:00:00" });
      await session(w, { id: "OD-1", at: "2026-03-10 10:00:00" });
      await session(w, { id: "TL-1", type: "trial_lecture", at: "2026-03-20 10:00:00" });
      await registration(w, { id: "R1", session: "OD-1", person: "Cy", at: "2026-02-01 09:00:00" });
      await registration(w, { id: "R2", session: "TL-1", person: "Cy", at: "2026-02-02 09:00:00" });
      await checkin(w, { id: "K1", session: "OD-1", person: "Cy", at: "2026-03-10 10:05:00", ticket: "R1" });
      await checkin(w, { id: "K2", session: "TL-1", person: "Cy", at: "2026-03-20 10:05:00", ticket: "R2" });
      await runUpTo(w, ["core.fct_lifecycle_events"]);
      return await w.all(
        `SELECT stage, event_date::VARCHAR AS date, detail FROM core.fct_lifecycle_events
          ORDER BY event_date, stage`,
      );
    } finally {
      w.close();
    }
  }

  it("the default rules reproduce the built-in mapping", async () => {
    expect(await stages({})).toEqual([
      { stage: "inquiry", date: "2025-10-01", detail: "inquiry" },
      { stage: "inquiry", date: "2025-10-02", detail: "catalogue_order_person" },
      { stage: "open_day_registered", date: "2026-02-01", detail: "confirmed" },
      { stage: "open_day_attended", date: "2026-03-10", detail: "ticket" },
      { stage: "trial_lecture", date: "2026-03-20", detail: "ticket" },
    ]);
  });

  it("an institution's own mapping changes the events produced", async () => {
    const custom = await stages({
      lifecycle: {
        // housing interest counts as an inquiry here, a catalogue order does not; trial lectures are registered
        // like open days and their check-in is not a stage
        formTypes: { inquiry: "inquiry", housing_interest: "inquiry" },
        registrations: { open_day: "open_day_registered", trial_lecture: "open_day_registered" },
        checkins: { open_day: "open_day_attended" },
      },
    });
    expect(custom).toEqual([
      { stage: "inquiry", date: "2025-10-01", detail: "inquiry" },
      { stage: "inquiry", date: "2025-10-03", detail: "housing_interest" },
      { stage: "open_day_registered", date: "2026-02-01", detail: "confirmed" },
      { stage: "open_day_registered", date: "2026-02-02", detail: "confirmed" },
      { stage: "open_day_attended", date: "2026-03-10", detail: "ticket" },
    ]);
  });

  it("rejects a rule naming a stage that does not exist", async () => {
    await expect(modelWarehouse({ lifecycle: { formTypes: { inquiry: "lead" as never } } })).rejects.toThrow(
      /lifecycle\.formTypes\.inquiry/,
    );
  });
});
