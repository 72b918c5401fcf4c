import { describe, expect, it } from "vitest";
import { expandCalendar } from "../../../pipelines/calendar/expand.ts";
import { parseConfig } from "../../../warehouse/config.ts";

const calendarOf = (calendar: unknown = undefined) =>
  expandCalendar(parseConfig(calendar === undefined ? {} : { calendar }).calendar);

const intake = (expanded: ReturnType<typeof expandCalendar>, label: string) =>
  expanded.intakes.find((row) => row.intake === label);
const rounds = (expanded: ReturnType<typeof expandCalendar>, label: string) =>
  expanded.rounds.filter((row) => row.intake === label);

describe("the institution calendar, expanded from the configuration", () => {
  const defaults = calendarOf();

  it("gives the Swedish autumn and spring intakes their antagning.se dates", () => {
    expect(intake(defaults, "HT2026")).toEqual({
      intake: "HT2026",
      system: "se",
      term: "HT{Y}",
      country: "SE",
      deadline: "2026-04-15",
      previous_intake: "HT2025",
      start_on: "2026-08-28",
      census_on: "2026-09-18",
      reply_by: "2026-07-29",
      inquiries: true,
    });
    expect(rounds(defaults, "HT2026")).toEqual([
      { intake: "HT2026", round: "international", selection_on: "2026-03-28" },
      { intake: "HT2026", round: "urval 1", selection_on: "2026-07-10" },
      { intake: "HT2026", round: "urval 2", selection_on: "2026-08-06" },
    ]);
    // the spring intake's deadline and first selection fall in the year before
    expect(intake(defaults, "VT2026")).toEqual({
      intake: "VT2026",
      system: "se",
      term: "VT{Y}",
      country: "SE",
      deadline: "2025-10-15",
      previous_intake: "VT2025",
      start_on: "2026-01-16",
      census_on: "2026-02-06",
      reply_by: "2025-12-18",
      inquiries: true,
    });
    expect(rounds(defaults, "VT2026")).toEqual([
      { intake: "VT2026", round: "international", selection_on: "2025-10-12" },
      { intake: "VT2026", round: "urval 1", selection_on: "2025-12-03" },
      { intake: "VT2026", round: "urval 2", selection_on: "2026-01-08" },
    ]);
  });

  it("gives the Dutch September and February intakes of an academic year their Studielink dates", () => {
    expect(intake(defaults, "2026-SEP")).toEqual({
      intake: "2026-SEP",
      system: "nl",
      term: "{Y}-SEP",
      country: "NL",
      deadline: "2026-05-01",
      previous_intake: "2025-SEP",
      start_on: "2026-09-01",
      census_on: "2026-10-01",
      reply_by: null,
      inquiries: true,
    });
    // 2026-FEB is February 2027, of academic year 2026/27: deadline 1 December 2026. Inquiries count toward
    // September, the main intake.
    expect(intake(defaults, "2026-FEB")).toEqual({
      intake: "2026-FEB",
      system: "nl",
      term: "{Y}-FEB",
      country: "NL",
      deadline: "2026-12-01",
      previous_intake: "2025-FEB",
      start_on: "2027-02-01",
      census_on: "2027-03-01",
      reply_by: null,
      inquiries: false,
    });
    expect(rounds(defaults, "2026-SEP")).toEqual([]);
    // the CRM's labels for the same intakes (the demo's open-day sessions) are intakes of the same system
    expect(intake(defaults, "FEB2027")).toMatchObject({
      system: "nl",
      deadline: "2026-12-01",
      start_on: "2027-02-01",
    });
  });

  it("expands every template for every year from 1990 to 2060, in label order", () => {
    expect(defaults.intakes).toHaveLength(6 * 71);
    expect(defaults.intakes[0]!.intake).toBe("1990-FEB");
    expect(intake(defaults, "HT1990")?.previous_intake).toBe("HT1989");
    expect(intake(defaults, "HT2060")).toBeDefined();
    expect(intake(defaults, "HT2061")).toBeUndefined();
    const labels = defaults.intakes.map((row) => row.intake);
    expect(labels).toEqual([...labels].sort());
  });

  it("adds an explicit intake of any label, and lets one replace a template's intake, keeping what it leaves out", () => {
    const expanded = calendarOf({
      intakes: {
        "Spring 2026 main": {
          system: "se",
          deadline: "2025-11-30",
          rounds: { invitation: "2026-01-10", "second invitation": "2026-02-01" },
          start: "2026-03-02",
          census: "2026-03-23",
          replyBy: "2026-01-24",
          previous: "Spring 2025 main",
        },
        "2025-K": { system: "nl", country: "be", deadline: "2025-04-30" },
        HT2026: { system: "se", deadline: "2026-04-20", rounds: { "urval 1": "2026-07-12" } },
      },
    });
    expect(intake(expanded, "SPRING 2026 MAIN")).toEqual({
      intake: "SPRING 2026 MAIN",
      system: "se",
      term: "SPRING 2026 MAIN",
      country: "SE",
      deadline: "2025-11-30",
      previous_intake: "SPRING 2025 MAIN",
      start_on: "2026-03-02",
      census_on: "2026-03-23",
      reply_by: "2026-01-24",
      inquiries: true,
    });
    expect(rounds(expanded, "SPRING 2026 MAIN")).toEqual([
      { intake: "SPRING 2026 MAIN", round: "invitation", selection_on: "2026-01-10" },
      { intake: "SPRING 2026 MAIN", round: "second invitation", selection_on: "2026-02-01" },
    ]);
    expect(intake(expanded, "2025-K")).toEqual({
      intake: "2025-K",
      system: "nl",
      term: "2025-K",
      country: "BE",
      deadline: "2025-04-30",
      previous_intake: null,
      start_on: null,
      census_on: null,
      reply_by: null,
      inquiries: true,
    });
    // HT2026's entry moves its deadline and gives its rounds (all of them); the rest is the template's
    expect(intake(expanded, "HT2026")).toEqual({
      intake: "HT2026",
      system: "se",
      term: "HT{Y}",
      country: "SE",
      deadline: "2026-04-20",
      previous_intake: "HT2025",
      start_on: "2026-08-28",
      census_on: "2026-09-18",
      reply_by: "2026-07-29",
      inquiries: true,
    });
    expect(rounds(expanded, "HT2026")).toEqual([
      { intake: "HT2026", round: "urval 1", selection_on: "2026-07-12" },
    ]);
    // an entry without rounds keeps the template's
    expect(
      rounds(calendarOf({ intakes: { VT2026: { system: "se", deadline: "2025-10-20" } } }), "VT2026"),
    ).toEqual(rounds(defaults, "VT2026"));
    // the template still gives the other years
    expect(intake(expanded, "HT2025")).toMatchObject({ deadline: "2025-04-15", previous_intake: "HT2024" });
  });

  it("takes an institution's own systems in place of the defaults", () => {
    const expanded = calendarOf({
      systems: {
        ch: {
          country: "CH",
          terms: { "HS{Y}": { deadline: "{Y}-04-30", rounds: { main: "{Y}-06-15" }, census: "{Y}-10-15" } },
        },
      },
      defaultSystem: "ch",
    });
    expect(expanded.intakes).toHaveLength(71);
    expect(intake(expanded, "HS2026")).toEqual({
      intake: "HS2026",
      system: "ch",
      term: "HS{Y}",
      country: "CH",
      deadline: "2026-04-30",
      previous_intake: "HS2025",
      start_on: null,
      census_on: "2026-10-15",
      reply_by: null,
      inquiries: true,
    });
    expect(rounds(expanded, "HS2026")).toEqual([
      { intake: "HS2026", round: "main", selection_on: "2026-06-15" },
    ]);
  });
});
