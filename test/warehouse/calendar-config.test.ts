import { describe, expect, it } from "vitest";
import { DEFAULT_SYSTEMS, templateDate } from "../../warehouse/calendar-config.ts";
import { parseConfig } from "../../warehouse/config.ts";

/** The error of a calendar that does not validate: one line per problem, each naming its key. */
function problems(calendar: unknown): string[] {
  try {
    parseConfig({ calendar }, "slm.config.json");
  } catch (error) {
    return (error as Error).message.split("\n");
  }
  throw new Error("the calendar validated");
}

describe("config key calendar", () => {
  it("defaults to the Swedish and Dutch calendars, Swedish for contacts of unknown system", () => {
    const { calendar } = parseConfig({});
    expect(calendar.systems).toEqual(DEFAULT_SYSTEMS);
    expect(calendar.intakes).toEqual({});
    expect(calendar.defaultSystem).toBe("se");
  });

  it("reads a date template in the intake's year, the year before or after", () => {
    expect(templateDate("{Y}-04-15", 2026)).toBe("2026-04-15");
    expect(templateDate("{Y-1}-10-15", 2026)).toBe("2025-10-15");
    expect(templateDate("{Y+1}-03-01", 2026)).toBe("2027-03-01");
  });

  it("names the key of each problem, one line each", () => {
    expect(problems({ defaultSystem: "ch" })).toEqual([
      'slm.config.json: calendar.defaultSystem: "ch" is not a system of calendar.systems (se, nl)',
    ]);
    expect(problems({ intakes: { "2025-K": { system: "ch", deadline: "2025-04-30" } } })).toEqual([
      'slm.config.json: calendar.intakes.2025-K.system: "ch" is not a system of calendar.systems (se, nl)',
    ]);
    expect(problems({ intakes: { "2025-K": { system: "se", deadline: "30/04/2025" } } })).toEqual([
      'slm.config.json: calendar.intakes.2025-K.deadline: expected a date written YYYY-MM-DD, such as "2026-04-15"',
    ]);
    expect(
      problems({ intakes: { "2025-K": { system: "se", deadline: "2025-04-30", census: "2025-02-30" } } }),
    ).toEqual([
      'slm.config.json: calendar.intakes.2025-K.census: expected a date written YYYY-MM-DD, such as "2026-04-15"',
    ]);
    expect(problems({ intakes: { "2025-K": { system: "se", deadline: "2025-04-30", round: {} } } })).toEqual([
      'slm.config.json: calendar.intakes.2025-K: Unrecognized key: "round"',
    ]);
  });

  it("refuses templates that are not one", () => {
    const system = (terms: unknown) => ({ systems: { se: { country: "SE", terms } } });
    expect(problems(system({ HT: { deadline: "{Y}-04-15" } }))).toEqual([
      'slm.config.json: calendar.systems.se.terms.HT: an intake label template must contain {Y} (the intake\'s year) exactly once and no other braces, such as "HT{Y}" or "{Y}-SEP"',
    ]);
    expect(problems(system({ "HT{Y}": { deadline: "15 April" } }))).toEqual([
      'slm.config.json: calendar.systems.se.terms.HT{Y}.deadline: expected a date template such as "{Y}-04-15" or "{Y-1}-10-15"',
    ]);
    expect(problems(system({ "HT{Y}": { deadline: "{Y}-02-29" } }))).toEqual([
      "slm.config.json: calendar.systems.se.terms.HT{Y}.deadline: not a day every year has (month 01-12, a day that month always has; 29 February is not)",
    ]);
    expect(problems({ systems: { se: { country: "Sweden" } } })).toEqual([
      'slm.config.json: calendar.systems.se.country: expected a two-letter ISO country code, such as "SE"',
    ]);
  });

  it("refuses two templates or two intakes that give the same label", () => {
    expect(
      problems({
        systems: {
          se: { country: "SE", terms: { "HT{Y}": { deadline: "{Y}-04-15" } } },
          fi: { country: "FI", terms: { "ht{Y}": { deadline: "{Y}-03-20" } } },
        },
      }),
    ).toEqual([
      'slm.config.json: calendar.systems.fi.terms.ht{Y}: gives the intake "HT1990", which calendar.systems.se.terms.HT{Y} gives too; make the labels differ',
    ]);
    expect(
      problems({
        intakes: {
          "2025-k": { system: "se", deadline: "2025-04-30" },
          "2025-K ": { system: "se", deadline: "2025-04-30" },
        },
      }),
    ).toEqual([
      'slm.config.json: calendar.intakes.2025-K : is the intake "2025-k" again (labels are matched trimmed and in upper case)',
    ]);
  });
});
