import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeLatin1,
  decodeWindows1252,
  encodeWindows1252,
  UnencodableCharacterError,
  WINDOWS_1252_UNDEFINED_BYTES,
} from "../../../loaders/encoding/windows1252.ts";

/** The WHATWG index-windows-1252 for 0x80-0x9F, spelled out as characters to cross-check the table. */
const C1_ROW: Record<number, string> = {
  128: "€",
  129: "\u0081",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  141: "\u008d",
  142: "Ž",
  143: "\u008f",
  144: "\u0090",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  157: "\u009d",
  158: "ž",
  159: "Ÿ",
};

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe("decodeWindows1252", () => {
  it("maps every byte 0x80-0x9F per the WHATWG table", () => {
    for (let b = 0x80; b <= 0x9f; b++) {
      expect(decodeWindows1252(Uint8Array.of(b)), `byte 0x${b.toString(16)}`).toBe(C1_ROW[b]);
    }
  });

  it("maps every other byte to the code point of the same value", () => {
    for (let b = 0; b < 256; b++) {
      if (b >= 0x80 && b <= 0x9f) continue;
      expect(decodeWindows1252(Uint8Array.of(b)).codePointAt(0)).toBe(b);
    }
  });

  it("decodes the undefined bytes to the C1 control of the same value", () => {
    expect(WINDOWS_1252_UNDEFINED_BYTES).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    for (const b of WINDOWS_1252_UNDEFINED_BYTES) {
      expect(decodeWindows1252(Uint8Array.of(b))).toBe(String.fromCharCode(b));
    }
  });

  it("decodes all 256 bytes in one buffer, one character per byte", () => {
    const s = decodeWindows1252(ALL_BYTES);
    expect(s).toHaveLength(256);
    expect(s.slice(0x80, 0xa0)).toBe(Object.values(C1_ROW).join(""));
    expect(s.slice(0xa0)).toBe(decodeLatin1(ALL_BYTES.subarray(0xa0)));
  });

  it("decodes typical Swedish and Dutch text", () => {
    const bytes = Uint8Array.of(
      ...[0x93, 0x47, 0xf6, 0x74, 0x65, 0x62, 0x6f, 0x72, 0x67, 0x94, 0x20, 0x80, 0x35, 0x20, 0x8a, 0x92],
    );
    expect(decodeWindows1252(bytes)).toBe("“Göteborg” €5 Š’");
  });

  it("handles empty input, subarrays and plain Uint8Array views", () => {
    expect(decodeWindows1252(new Uint8Array(0))).toBe("");
    const backing = Uint8Array.of(0x41, 0x80, 0x42, 0x9f, 0x43);
    expect(decodeWindows1252(backing.subarray(1, 4))).toBe("€BŸ");
    expect(decodeWindows1252(new Uint8Array(backing.buffer, 3, 2))).toBe("ŸC");
    expect(decodeWindows1252(Buffer.from([0xe5, 0xe4, 0xf6]))).toBe("åäö");
  });

  it("differs from Node's TextDecoder('windows-1252'), which decodes 0x80-0x9F as latin-1 here", () => {
    const ours = decodeWindows1252(Uint8Array.of(0x80, 0x93));
    expect(ours).toBe("€“");
    const node = new TextDecoder("windows-1252").decode(Uint8Array.of(0x80, 0x93));
    // Whatever the Node build does, ours must not depend on it; record the known discrepancy.
    if (node !== ours) expect(node).toBe("\u0080\u0093");
  });

  it("decodes a large buffer quickly and correctly", () => {
    const n = 20_000_000;
    const buf = Buffer.alloc(n);
    for (let i = 0; i < n; i++) buf[i] = i % 101 === 0 ? 0x80 + (i % 32) : 0x20 + (i % 95);
    const start = performance.now();
    const s = decodeWindows1252(buf);
    const elapsed = performance.now() - start;
    expect(s).toHaveLength(n);
    expect(s[0]).toBe("€");
    expect(s[101]).toBe(C1_ROW[0x80 + (101 % 32)]);
    expect(s[1]).toBe(String.fromCharCode(0x21));
    // About 0.15 s on a 2-core machine; string concatenation per character takes many seconds.
    expect(elapsed).toBeLessThan(5000);
    expect(encodeWindows1252(s).equals(buf)).toBe(true);
  });
});

describe("encodeWindows1252", () => {
  it.each([
    ["€", 0x80],
    ["‚", 0x82],
    ["ƒ", 0x83],
    ["Š", 0x8a],
    ["‘", 0x91],
    ["’", 0x92],
    ["“", 0x93],
    ["”", 0x94],
    ["–", 0x96],
    ["—", 0x97],
    ["™", 0x99],
    ["Ÿ", 0x9f],
    ["å", 0xe5],
    ["ä", 0xe4],
    ["ö", 0xf6],
    ["Å", 0xc5],
    ["Ä", 0xc4],
    ["Ö", 0xd6],
    ["é", 0xe9],
    ["ü", 0xfc],
    ["\u00a0", 0xa0],
    ["ÿ", 0xff],
    ["\u0000", 0x00],
    ["\u007f", 0x7f],
  ])("%j encodes to 0x%s", (ch, byte) => {
    expect([...encodeWindows1252(ch)]).toEqual([byte]);
  });

  it("encodes a mixed string byte for byte", () => {
    expect([...encodeWindows1252("€ Š ‘’“” åäö ÅÄÖ é ü")]).toEqual([
      0x80, 0x20, 0x8a, 0x20, 0x91, 0x92, 0x93, 0x94, 0x20, 0xe5, 0xe4, 0xf6, 0x20, 0xc5, 0xc4, 0xd6, 0x20,
      0xe9, 0x20, 0xfc,
    ]);
  });

  it("returns a Buffer", () => {
    expect(Buffer.isBuffer(encodeWindows1252("abc"))).toBe(true);
    expect(encodeWindows1252("")).toHaveLength(0);
  });

  it("round-trips every byte 0x00-0xFF, including the five undefined ones", () => {
    for (let b = 0; b < 256; b++) {
      expect([...encodeWindows1252(decodeWindows1252(Uint8Array.of(b)))]).toEqual([b]);
    }
    expect(encodeWindows1252(decodeWindows1252(ALL_BYTES)).equals(Buffer.from(ALL_BYTES))).toBe(true);
  });

  it("round-trips arbitrary byte strings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(encodeWindows1252(decodeWindows1252(bytes)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["\u0080", 0, "U+0080"], // a C1 control that Windows-1252 puts € on
    ["\u009f", 0, "U+009F"],
    ["abc\u0100", 3, "U+0100"],
    ["Łódź", 0, "U+0141"],
    ["ok ☃ snow", 3, "U+2603"],
    ["x😀", 1, "U+1F600"],
    ["a\ud800b", 1, "U+D800"],
    ["Ελλάδα", 0, "U+0395"],
  ])("throws for %j naming the character at index %i (%s)", (s, index, hex) => {
    let error: unknown;
    try {
      encodeWindows1252(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnencodableCharacterError);
    expect(error).toBeInstanceOf(RangeError);
    const e = error as UnencodableCharacterError;
    expect(e.index).toBe(index);
    expect(e.codePoint).toBe(Number.parseInt(hex.slice(2), 16));
    expect(e.message).toContain(hex);
    expect(e.message).toContain(`index ${index}`);
    expect(e.message).toContain("Windows-1252");
  });

  it("reports the first unencodable character, not a later one", () => {
    expect(() => encodeWindows1252("åß€Ω☃")).toThrow(/U\+03A9.*index 3/);
  });
});

describe("decodeLatin1", () => {
  it("maps every byte to the code point of the same value, C1 controls included", () => {
    const s = decodeLatin1(ALL_BYTES);
    expect(s).toHaveLength(256);
    for (let b = 0; b < 256; b++) expect(s.charCodeAt(b)).toBe(b);
  });

  it("decodes views into a larger buffer", () => {
    const backing = Uint8Array.of(0x41, 0xe5, 0xe4, 0xf6, 0x42);
    expect(decodeLatin1(backing.subarray(1, 4))).toBe("åäö");
  });
});
