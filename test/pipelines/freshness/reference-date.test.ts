import { describe, expect, it } from "vitest";
import { chooseReferenceDate, describeReferenceDate } from "../../../pipelines/freshness/reference-date.ts";

const TODAY = "2026-12-06";

describe("chooseReferenceDate", () => {
  it("takes the flag, then the environment, then the configuration, then the newest extract, then the clock", () => {
    const all = { flag: "2026-09-28", env: "2026-09-25", config: "2026-09-20" };
    expect(chooseReferenceDate(all, "2026-10-01", TODAY)).toEqual({ date: "2026-09-28", source: "flag" });
    expect(chooseReferenceDate({ ...all, flag: undefined }, "2026-10-01", TODAY)).toEqual({
      date: "2026-09-25",
      source: "env",
    });
    expect(chooseReferenceDate({ config: "2026-09-20" }, "2026-10-01", TODAY)).toEqual({
      date: "2026-09-20",
      source: "config",
    });
    expect(chooseReferenceDate({}, "2026-10-01", TODAY)).toEqual({
      date: "2026-10-01",
      source: "newest_extract",
    });
    expect(chooseReferenceDate({}, null, TODAY)).toEqual({ date: TODAY, source: "clock" });
  });

  it("reads an empty SLM_REFERENCE_DATE as unset", () => {
    expect(chooseReferenceDate({ env: "" }, "2026-10-01", TODAY).source).toBe("newest_extract");
  });

  it("says why it chose the day", () => {
    expect(describeReferenceDate({ date: TODAY, source: "clock" })).toBe(
      "reference date 2026-12-06 (today's date: no loaded extract carries a date in its file name)",
    );
  });
});
