import { describe, expect, it } from "vitest";
import { makeBsn, parseBsn } from "../../identifiers/index.ts";

describe("parseBsn", () => {
  it.each([
    ["111222333", "111222333"],
    ["123456782", "123456782"],
    ["999999990", "999999990"],
    ["012345672", "012345672"],
    ["12345672", "012345672"], // leading zero lost in a spreadsheet
    ["  123456782\t", "123456782"],
  ])("%j is valid → %s", (input, normalized) => {
    expect(parseBsn(input)).toEqual({ ok: true, value: { normalized, key: `nl:${normalized}` } });
  });

  it.each([
    ["123456789", "bad_checksum"],
    ["111222334", "bad_checksum"],
    ["11222333", "bad_checksum"],
    ["000000000", "all_zero"],
    ["00000000", "all_zero"],
    ["", "empty"],
    ["   ", "empty"],
    ["1234567", "bad_format"],
    ["1234567820", "bad_format"],
    ["12345678a", "bad_format"],
    ["123 456 782", "bad_format"],
    ["123.456.782", "bad_format"],
    ["1234-56-782", "bad_format"],
    ["-12345678", "bad_format"],
    ["+12345678", "bad_format"],
    ["１２３４５６７８２", "bad_format"],
    ["1.23456782e8", "bad_format"],
  ])("%j is invalid (%s)", (input, reason) => {
    const r = parseBsn(input);
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) {
      expect(r.message.length).toBeGreaterThan(0);
      if (input.trim().length > 3) expect(r.message).not.toContain(input.trim());
    }
  });

  it("rejects non-string input instead of throwing", () => {
    expect(parseBsn(123456782 as unknown as string)).toMatchObject({ ok: false, reason: "bad_format" });
  });

  it("the 11-proof weights are 9..2 and -1", () => {
    // 1·9 = 9 ≡ 9: a single 1 in the first position needs a 9 last; in the eighth (weight 2), a 2.
    expect(parseBsn("100000009").ok).toBe(true);
    expect(parseBsn("000000012").ok).toBe(true);
    expect(parseBsn("000000102").ok).toBe(false);
    expect(parseBsn("000000103").ok).toBe(true);
  });
});

describe("makeBsn", () => {
  it.each([
    ["12345678", "123456782"],
    ["11122233", "111222333"],
    ["01234567", "012345672"],
    ["99999999", "999999990"],
  ])("completes %s to %s", (prefix, expected) => {
    expect(makeBsn(prefix)).toBe(expected);
  });

  it.each(["10071271", "10293003", "10300922"])(
    "returns null when the remainder would be 10 (%s)",
    (prefix) => {
      expect(makeBsn(prefix)).toBeNull();
      for (const d of "0123456789") expect(parseBsn(prefix + d).ok).toBe(false);
    },
  );

  it("returns null rather than the all-zero BSN", () => {
    expect(makeBsn("00000000")).toBeNull();
  });

  it("returns null for about one prefix in eleven", () => {
    let nulls = 0;
    for (let i = 0; i < 11_000; i++) if (makeBsn(String(10_000_000 + i * 7)) === null) nulls++;
    expect(nulls).toBe(1000);
  });

  it.each(["", "1234567", "123456789", "1234567a", " 12345678"])("throws on %j", (bad) => {
    expect(() => makeBsn(bad)).toThrow(RangeError);
  });
});
