import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeToString,
  detectEncoding,
  isValidUtf8,
  type TextEncodingName,
} from "../../../loaders/encoding/detect.ts";
import { encodeWindows1252 } from "../../../loaders/encoding/windows1252.ts";

const TEXT = "namn;ort\nÅsa Öberg;Malmö\nJosé Müller;Utrecht\n";
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf16le"));
const utf16be = (s: string): Uint8Array => {
  const b = Buffer.from(s, "utf16le");
  b.swap16();
  return new Uint8Array(b);
};
const cat = (...parts: ArrayLike<number>[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe("detectEncoding", () => {
  it.each<[string, Uint8Array, TextEncodingName]>([
    ["UTF-8 with BOM", cat([0xef, 0xbb, 0xbf], utf8(TEXT)), "utf-8-bom"],
    ["UTF-8 BOM alone", Uint8Array.of(0xef, 0xbb, 0xbf), "utf-8-bom"],
    ["UTF-16LE with BOM", cat([0xff, 0xfe], utf16le(TEXT)), "utf-16le"],
    ["UTF-16BE with BOM", cat([0xfe, 0xff], utf16be(TEXT)), "utf-16be"],
    ["UTF-16LE BOM alone", Uint8Array.of(0xff, 0xfe), "utf-16le"],
    ["plain UTF-8 with å", utf8("Ångström, Västerås"), "utf-8"],
    ["UTF-8 with 4-byte characters", utf8("ok 😀 𝄞"), "utf-8"],
    ["pure ASCII", utf8("id,name\n1,Anna\n"), "utf-8"],
    ["empty", new Uint8Array(0), "utf-8"],
    ["Windows-1252 quotes and €", encodeWindows1252("“Malmö” kostar €5"), "windows-1252"],
    ["Windows-1252 Š only", encodeWindows1252("Šibenik"), "windows-1252"],
    ["Windows-1252 undefined byte 0x81", Uint8Array.of(0x41, 0x81, 0xe5), "windows-1252"],
    ["latin-1 åäö only", encodeWindows1252("Åsa Öberg, Malmö"), "latin-1"],
    ["latin-1 high byte not at the end", Uint8Array.of(0xe9, 0x41), "latin-1"],
    ["latin-1 0xFF", Uint8Array.of(0x61, 0xff, 0x62), "latin-1"],
  ])("%s → %s", (_name, bytes, expected) => {
    expect(detectEncoding(bytes)).toBe(expected);
  });

  it("BOMs win over content", () => {
    // The rest is invalid UTF-8 and full of 0x80-0x9F bytes, but the BOM decides.
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x93, 0x94))).toBe("utf-8-bom");
    expect(detectEncoding(Uint8Array.of(0xff, 0xfe, 0x93, 0x00))).toBe("utf-16le");
    expect(detectEncoding(Uint8Array.of(0xfe, 0xff, 0x00, 0x93))).toBe("utf-16be");
  });

  it("a partial BOM is not a BOM", () => {
    // EF BB could be a UTF-8 character cut at the end of a sample; FF and FE never occur in UTF-8.
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb))).toBe("utf-8");
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb), { complete: true })).toBe("latin-1");
    expect(detectEncoding(Uint8Array.of(0xff))).toBe("latin-1");
    expect(detectEncoding(Uint8Array.of(0xfe))).toBe("latin-1");
  });

  it("with complete: true a trailing UTF-8 lead byte is not excused", () => {
    const cafe = encodeWindows1252("Café"); // 43 61 66 E9: E9 would start a 3-byte UTF-8 sequence
    expect(detectEncoding(cafe)).toBe("utf-8");
    expect(detectEncoding(cafe, { complete: true })).toBe("latin-1");
    expect(detectEncoding(utf8("Malmö"), { complete: true })).toBe("utf-8");
    expect(detectEncoding(cat([0xef, 0xbb, 0xbf], [0xe9]), { complete: true })).toBe("utf-8-bom");
    expect(detectEncoding(encodeWindows1252("“Café”"), { complete: true })).toBe("windows-1252");
  });

  it("a sample that cuts a UTF-8 character in half is still UTF-8", () => {
    const full = utf8("Malmö 😀");
    for (let cut = 1; cut <= 3; cut++) {
      expect(detectEncoding(full.subarray(0, full.length - cut)), `cut ${cut}`).toBe("utf-8");
    }
    const withO = utf8("Malmö");
    expect(detectEncoding(withO.subarray(0, withO.length - 1))).toBe("utf-8");
  });

  it("a cut that leaves an impossible prefix is not UTF-8", () => {
    expect(detectEncoding(Uint8Array.of(0x41, 0xe0, 0x80))).toBe("windows-1252"); // overlong 3-byte
    expect(detectEncoding(Uint8Array.of(0x41, 0xed, 0xa0))).toBe("latin-1"); // surrogate
    expect(detectEncoding(Uint8Array.of(0x41, 0xf4, 0x90))).toBe("windows-1252"); // above U+10FFFF
    expect(detectEncoding(Uint8Array.of(0x41, 0xf5))).toBe("latin-1"); // never a lead byte
    expect(detectEncoding(Uint8Array.of(0x41, 0xc0))).toBe("latin-1"); // overlong 2-byte lead
  });

  it("invalid UTF-8 earlier in the sample is not excused by the truncation rule", () => {
    const bad = cat([0x41, 0xe5, 0x42], utf8("😀").subarray(0, 2)); // latin-1 å, then a cut emoji
    expect(detectEncoding(bad)).toBe("windows-1252"); // the cut emoji holds 0x9F
    expect(detectEncoding(cat([0x41, 0xe5, 0x42], [0xc3]))).toBe("latin-1");
  });

  it("is fast on tens of MB", () => {
    const big = new Uint8Array(Buffer.from("Åsa Öberg;Malmö;€\n".repeat(1_500_000), "utf8"));
    const start = performance.now();
    expect(detectEncoding(big)).toBe("utf-8");
    expect(detectEncoding(encodeWindows1252("Åsa Öberg;Malmö;€\n".repeat(1_500_000)))).toBe("windows-1252");
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it("any Windows-1252 text with a byte 0x80-0x9F that is not valid UTF-8 is detected as windows-1252", () => {
    const chars = [..."abc åäöÅÄÖéü€Š‘’“”–—…™"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 60 }), (parts) => {
        const bytes = encodeWindows1252(parts.join(""));
        const expected = isValidUtf8(bytes, { allowTruncatedEnd: true })
          ? "utf-8"
          : bytes.some((b) => b >= 0x80 && b <= 0x9f)
            ? "windows-1252"
            : "latin-1";
        expect(detectEncoding(bytes)).toBe(expected);
      }),
    );
  });

  it("any UTF-8 text is detected as UTF-8, and so is any prefix of it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.nat(), (s, cutSeed) => {
        const bytes = utf8(s);
        expect(detectEncoding(bytes)).toBe("utf-8");
        const cut = bytes.length === 0 ? 0 : cutSeed % bytes.length;
        // A prefix can start with a BOM-like sequence only if the string itself starts with U+FEFF.
        fc.pre(!s.startsWith("\ufeff"));
        expect(detectEncoding(bytes.subarray(0, cut))).toBe("utf-8");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isValidUtf8", () => {
  it("rejects truncation unless allowed", () => {
    const cut = utf8("ö").subarray(0, 1);
    expect(isValidUtf8(cut)).toBe(false);
    expect(isValidUtf8(cut, { allowTruncatedEnd: true })).toBe(true);
  });

  it("never accepts a stray continuation byte", () => {
    expect(isValidUtf8(Uint8Array.of(0x80), { allowTruncatedEnd: true })).toBe(false);
    expect(isValidUtf8(Uint8Array.of(0x41, 0xbf, 0xbf, 0xbf), { allowTruncatedEnd: true })).toBe(false);
  });

  it("a complete but invalid final sequence is invalid", () => {
    expect(isValidUtf8(Uint8Array.of(0xe2, 0x82, 0x41), { allowTruncatedEnd: true })).toBe(false);
    expect(isValidUtf8(Uint8Array.of(0xc3, 0xa5, 0xc3, 0xa5, 0x80), { allowTruncatedEnd: true })).toBe(false);
  });
});

describe("decodeToString", () => {
  it("strips a UTF-8 BOM, for both utf-8 and utf-8-bom", () => {
    const bytes = cat([0xef, 0xbb, 0xbf], utf8(TEXT));
    expect(decodeToString(bytes, "utf-8-bom")).toBe(TEXT);
    expect(decodeToString(bytes, "utf-8")).toBe(TEXT);
    expect(decodeToString(utf8(TEXT), "utf-8-bom")).toBe(TEXT);
  });

  it("strips only one BOM: a second U+FEFF is content", () => {
    const bytes = cat([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], utf8("a"));
    expect(decodeToString(bytes, "utf-8")).toBe("\ufeffa");
  });

  it("decodes UTF-16LE and UTF-16BE with and without BOM", () => {
    const text = `${TEXT}😀`;
    expect(decodeToString(cat([0xff, 0xfe], utf16le(text)), "utf-16le")).toBe(text);
    expect(decodeToString(utf16le(text), "utf-16le")).toBe(text);
    expect(decodeToString(cat([0xfe, 0xff], utf16be(text)), "utf-16be")).toBe(text);
    expect(decodeToString(utf16be(text), "utf-16be")).toBe(text);
  });

  it("does not modify the input buffer when byte-swapping UTF-16BE", () => {
    const bytes = cat([0xfe, 0xff], utf16be("Åsa"));
    const copy = Uint8Array.from(bytes);
    decodeToString(bytes, "utf-16be");
    expect(bytes).toEqual(copy);
  });

  it("decodes Windows-1252 and latin-1 with their own tables", () => {
    const bytes = Uint8Array.of(0x93, 0xe5, 0x94, 0x80);
    expect(decodeToString(bytes, "windows-1252")).toBe("“å”€");
    expect(decodeToString(bytes, "latin-1")).toBe("\u0093å\u0094\u0080");
  });

  it("does not strip BOM-looking bytes from single-byte encodings", () => {
    expect(decodeToString(Uint8Array.of(0xef, 0xbb, 0xbf), "windows-1252")).toBe("ï»¿");
    expect(decodeToString(Uint8Array.of(0xff, 0xfe), "latin-1")).toBe("ÿþ");
  });

  it("throws on invalid UTF-8 / UTF-16 by default, replaces with U+FFFD when not fatal", () => {
    const bad = Uint8Array.of(0x41, 0xe5, 0x42);
    expect(() => decodeToString(bad, "utf-8")).toThrow();
    expect(decodeToString(bad, "utf-8", { fatal: false })).toBe("A\ufffdB");
    expect(() => decodeToString(Uint8Array.of(0x41, 0x00, 0x42), "utf-16le")).toThrow();
    expect(() => decodeToString(Uint8Array.of(0x00, 0x41, 0x00), "utf-16be")).toThrow();
    expect(decodeToString(Uint8Array.of(0x00, 0x41, 0x00), "utf-16be", { fatal: false })).toBe("A\ufffd");
  });

  it("throws on an unknown encoding name", () => {
    expect(() => decodeToString(new Uint8Array(0), "ebcdic" as TextEncodingName)).toThrow(RangeError);
  });

  it("detect + decode round-trips text written in each encoding", () => {
    const text = "Åsa “Öberg” – Malmö";
    const cases: [Uint8Array, TextEncodingName][] = [
      [utf8(text), "utf-8"],
      [cat([0xef, 0xbb, 0xbf], utf8(text)), "utf-8-bom"],
      [cat([0xff, 0xfe], utf16le(text)), "utf-16le"],
      [cat([0xfe, 0xff], utf16be(text)), "utf-16be"],
      [encodeWindows1252(text), "windows-1252"],
    ];
    for (const [bytes, expected] of cases) {
      const detected = detectEncoding(bytes);
      expect(detected).toBe(expected);
      expect(decodeToString(bytes, detected)).toBe(text);
    }
    const latin = encodeWindows1252("Åsa Öberg, Malmö");
    expect(decodeToString(latin, detectEncoding(latin))).toBe("Åsa Öberg, Malmö");
  });
});
