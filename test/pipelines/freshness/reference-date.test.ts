import { describe, expect, it } from "vitest";
import { chooseReferenceDate, describeReferenceDate } from "../../../pipelines/freshness/reference-date.ts";

const TODAY = "2026-12-06";
/** A dated extract of 1 October, loaded on 3 November. */
const DATED = { newestExtract: "2026-10-01", newestLoad: "2026-11-03" };
const NOTHING = { newestExtract: null, newestLoad: null };

describe("chooseReferenceDate", () => {
  it("takes the flag, the environment, the configuration, the newest extract, its load's day, then the clock", () => {
    const all = { flag: "2026-09-28", env: "2026-09-25", config: "2026-09-20" };
    expect(chooseReferenceDate(all, DATED, TODAY)).toEqual({ date: "2026-09-28", source: "flag" });
    expect(chooseReferenceDate({ ...all, flag: undefined }, DATED, TODAY)).toEqual({
      date: "2026-09-25",
      source: "env",
    });
    expect(chooseReferenceDate({ config: "2026-09-20" }, DATED, TODAY)).toEqual({
      date: "2026-09-20",
      source: "config",
    });
    expect(chooseReferenceDate({}, DATED, TODAY)).toEqual({ date: "2026-10-01", source: "newest_extract" });
    expect(chooseReferenceDate({}, { newestExtract: null, newestLoad: "2026-11-03" }, TODAY)).toEqual({
      date: "2026-11-03",
      source: "newest_load",
    });
    expect(chooseReferenceDate({}, NOTHING, TODAY)).toEqual({ date: TODAY, source: "clock" });
  });

  it("reads an empty SLM_REFERENCE_DATE as unset", () => {
    expect(chooseReferenceDate({ env: "" }, DATED, TODAY).source).toBe("newest_extract");
  });

  it("says why it chose the day", () => {
    expect(describeReferenceDate({ date: TODAY, source: "clock" })).toBe(
      "reference date 2026-12-06 (today's date: no extract is loaded)",
    );
    expect(describeReferenceDate({ date: "2026-11-03", source: "newest_load" })).toBe(
      "reference date 2026-11-03 (the day the newest extract was loaded: no loaded extract carries a date in its file name)",
    );
  });
});
