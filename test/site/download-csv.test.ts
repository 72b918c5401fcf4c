import { describe, expect, it } from "vitest";
import { disclosureSettings } from "../../pipelines/disclosure/settings.ts";
import { csvFields, csvName, toCsv } from "../../src/components/download.js";

const disclosure = disclosureSettings();

describe("a chart's rows as CSV (src/components/download.js)", () => {
  it("writes a withheld count as the marker and a withheld rate as the word, never a value", () => {
    const rows = [
      {
        intake: "HT2025",
        persons: null,
        persons_suppressed: true,
        rate: null,
        rate_low: null,
        rate_high: null,
        rate_suppressed: true,
      },
      {
        intake: "HT2026",
        persons: 15,
        persons_suppressed: false,
        rate: 0.4,
        rate_low: 0.2,
        rate_high: 0.6,
        rate_suppressed: false,
      },
    ];
    expect(csvFields(rows, { disclosure })).toEqual({
      // the flags are said by the markers, so they are not columns of the file
      columns: ["intake", "persons", "rate", "rate_low", "rate_high"],
      fields: [
        ["HT2025", disclosure.marker, "suppressed", "suppressed", "suppressed"],
        ["HT2026", "15", "0.4", "0.2", "0.6"],
      ],
    });
  });

  it("a school cell's marker is minSchoolCell's; a mean named in kinds is no count; no figure is empty", () => {
    const rows = [
      {
        school_code: "S1",
        students: null,
        students_suppressed: true,
        mean_outcome: null,
        mean_outcome_suppressed: true,
      },
      {
        school_code: "S2",
        students: 20,
        students_suppressed: false,
        mean_outcome: null,
        mean_outcome_suppressed: false,
      },
    ];
    const { fields } = csvFields(rows, { disclosure, school: true, kinds: { mean_outcome: "mean" } });
    expect(fields).toEqual([
      ["S1", `<${Math.max(disclosure.minCount, disclosure.minSchoolCell)}`, "suppressed"],
      ["S2", "20", ""],
    ]);
  });

  it("quotes by RFC 4180, keeps a row flag without its column, and defuses formulas in text", () => {
    const rows = [
      { campaign: 'Spring, "big" one', note: "=HYPERLINK(1)", weeks: -3, forecast_suppressed: true },
      { campaign: "line\nbreak", note: "@sum", weeks: 0, forecast_suppressed: false },
    ];
    expect(toCsv(rows, { disclosure })).toBe(
      '\uFEFFcampaign,note,weeks,forecast_suppressed\r\n"Spring, ""big"" one",\'=HYPERLINK(1),-3,true\r\n"line\nbreak",\'@sum,0,false\r\n',
    );
  });

  it("names the file by the page, the table and the filters", () => {
    expect(csvName("open-days", "pub_open_days_by_session", ["HT2025", "trial_lecture", null])).toBe(
      "open-days_open-days-by-session_ht2025_trial-lecture.csv",
    );
  });
});
