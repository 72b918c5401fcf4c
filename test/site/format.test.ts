import { describe, expect, it } from "vitest";
import { formats } from "../../src/components/format.js";

describe("site number formats follow the configured locale", () => {
  it.each([
    ["en-GB", "1,234,567", "12.3%", "+4%", "7.25", "15 April 2026"],
    ["sv-SE", "1\u00a0234\u00a0567", "12,3\u00a0%", "+4\u00a0%", "7,25", "15 april 2026"],
    ["nl-NL", "1.234.567", "12,3%", "+4%", "7,25", "15 april 2026"],
  ])("%s", (locale, count, share, change, decimal, day) => {
    const f = formats(locale);
    expect(f.num(1234567)).toBe(count);
    expect(f.pct(1)(0.1234)).toBe(share);
    expect(f.signedPct(0)(0.04)).toBe(change);
    expect(f.signedPct(0)(-0.04)).toMatch(/^[-−]4/);
    expect(f.dec(2)(7.254)).toBe(decimal);
    // a calendar day is that day wherever the reader's clock is
    expect(f.date("2026-04-15")).toBe(day);
  });
});
