import { describe, expect, it } from "vitest";
import { disclosureSettings } from "../../pipelines/disclosure/settings.ts";
import { formatterOf, missingCell } from "../../src/components/cells.js";
import { formats } from "../../src/components/format.js";

const defaults = disclosureSettings();
const strict = disclosureSettings({
  minCount: 10,
  roundTo: 5,
  minRateDenominator: 23,
  minMeanPersons: 8,
  minSchoolCell: 10,
});

describe("what a table cell without a value shows", () => {
  it("a suppressed count: the configured marker, with a tooltip saying why", () => {
    const row = { persons: null, persons_suppressed: true };
    expect(missingCell(row, "persons", "count", defaults)).toEqual({
      text: "<5",
      title:
        "Suppressed to protect privacy: fewer than 5 persons, or hidden together with such a cell so it cannot be worked out from the totals.",
      reason: "suppressed",
    });
    expect(missingCell(row, "persons", "count", strict)?.text).toBe("<10");
  });

  it("a suppressed rate and its interval bounds: the word, not a marker that reads as a percentage", () => {
    const row = { rate: null, rate_low: null, rate_high: null, rate_suppressed: true };
    for (const column of ["rate", "rate_low", "rate_high"]) {
      expect(missingCell(row, column, "rate", defaults)).toMatchObject({
        text: "suppressed",
        title:
          "Suppressed to protect privacy: it rests on fewer than 30 persons (as published), or on a suppressed count.",
      });
    }
  });

  it("no source, or not observable yet: a dash, with the reason from whichever status column is there", () => {
    expect(missingCell({ yield: null, enrolment_status: "no_source" }, "yield", "rate", defaults)).toEqual({
      text: "–",
      title: "No loaded source records this, so there is no figure (not 0).",
      reason: "no_source",
    });
    expect(
      missingCell(
        { completed: null, completed_suppressed: false, data_status: "not_observable" },
        "completed",
        "count",
        defaults,
      ),
    ).toMatchObject({ text: "–", title: expect.stringMatching(/^Not observable yet/) });
    expect(missingCell({ v: null, status: "window_open" }, "v", "count", defaults)?.title).toMatch(
      /^Not observable yet/,
    );
    expect(missingCell({ v: null }, "v", "count", defaults)).toMatchObject({ text: "–", reason: "no_value" });
  });

  it("a value that is there, 0 included, is left to the column's format", () => {
    expect(missingCell({ persons: 0, persons_suppressed: false }, "persons", "count", defaults)).toBeNull();
  });
});

describe("column formats follow the locale", () => {
  it("counts with separators, rates as percentages, lifts in percentage points", () => {
    const f = formats("en-GB");
    expect(formatterOf("count", f)(2380)).toBe("2,380");
    expect(formatterOf("rate", f)(0.2198)).toBe("22%");
    expect(formatterOf("pp", f)(0.15)).toBe("+15\u00a0pp");
    expect(formatterOf("pp", f)(-0.05)).toMatch(/^[-−]5\u00a0pp$/);
    expect(formatterOf("count", formats("sv-SE"))(2380)).toBe("2\u00a0380");
  });
});
