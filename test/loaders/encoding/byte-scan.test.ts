import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasC1Byte, hasUtf8Sequence } from "../../../loaders/encoding/byte-scan.ts";
import { decodeLatin1, decodeWindows1252, singleByteToUtf8 } from "../../../loaders/encoding/windows1252.ts";

/** The byte-at-a-time definition the word scans must agree with. */
function utf8SequenceAt(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 ? 3 : 0;
    if (need === 0 || lead > 0xf4) continue;
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) ok = false;
    }
    if (ok) return true;
  }
  return false;
}

/** Bytes at any offset into their buffer (0-3: the scans read aligned words), mostly ASCII. */
const placedBytes = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
        { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
        { weight: 1, arbitrary: fc.constantFrom(0xc3, 0xa5, 0xe2, 0x82, 0xac, 0xf0, 0x9f) },
      ),
      { maxLength: 80 },
    ),
  )
  .map(([offset, values]) => {
    const backing = new Uint8Array(offset + values.length);
    backing.set(values, offset);
    return backing.subarray(offset);
  });

describe("byte scans", () => {
  it("hasC1Byte agrees with a byte-by-byte check at every offset and length", () => {
    fc.assert(
      fc.property(placedBytes, (bytes) => {
        expect(hasC1Byte(bytes)).toBe(bytes.some((b) => b >= 0x80 && b <= 0x9f));
      }),
      { numRuns: 2000 },
    );
  });

  it("hasUtf8Sequence agrees with a byte-by-byte check at every offset and length", () => {
    fc.assert(
      fc.property(placedBytes, (bytes) => {
        expect(hasUtf8Sequence(bytes)).toBe(utf8SequenceAt(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds a sequence after a long ASCII run, and a cut-off one at the end is none", () => {
    const ascii = Buffer.alloc(100_003, 0x61);
    expect(hasUtf8Sequence(Buffer.concat([ascii, Buffer.from("ö")]))).toBe(true);
    expect(hasUtf8Sequence(Buffer.concat([ascii, Buffer.from([0xc3])]))).toBe(false);
    expect(hasUtf8Sequence(Buffer.concat([ascii, Buffer.from([0xe2, 0x82])]))).toBe(false);
    expect(hasC1Byte(Buffer.concat([ascii, Buffer.from([0x9f])]))).toBe(true);
  });
});

describe("singleByteToUtf8", () => {
  it("gives the bytes of the decoded string, for every byte value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(singleByteToUtf8(bytes, "windows-1252")).toEqual(
          Buffer.from(decodeWindows1252(bytes), "utf8"),
        );
        expect(singleByteToUtf8(bytes, "latin-1")).toEqual(Buffer.from(decodeLatin1(bytes), "utf8"));
      }),
      { numRuns: 500 },
    );
    const all = Uint8Array.from({ length: 256 }, (_, b) => b);
    expect(singleByteToUtf8(all, "windows-1252").toString("utf8")).toBe(decodeWindows1252(all));
    expect(singleByteToUtf8(Buffer.from([0x80, 0x8a, 0x92]), "windows-1252").toString("utf8")).toBe("€Š’");
  });
});
