import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { hasC1Bytes, hasMixedLineEndings } from "../../../loaders/encoding/sniff.ts";
import { tempProject } from "../../helpers/project.ts";

const project = tempProject("slm-sniff-");
afterAll(() => project.remove());

function fileOf(bytes: Uint8Array): string {
  const path = join(project.dir, "sample.bin");
  writeFileSync(path, bytes);
  return path;
}

describe("hasC1Bytes", () => {
  it("agrees with a byte-by-byte check, wherever the byte falls in a word or a chunk", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const expected = bytes.some((b) => b >= 0x80 && b <= 0x9f);
        expect(hasC1Bytes(fileOf(bytes))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("finds a 0x80-0x9F byte after megabytes of Swedish latin-1 text, and none in the text alone", () => {
    const text = Buffer.from("Åsa Öberg;Lärarprogrammet;7,5;Förstagångsregistrering\r\n", "latin1");
    const clean = Buffer.concat(Array.from({ length: 100_000 }, () => text));
    expect(hasC1Bytes(fileOf(clean))).toBe(false);
    // the last byte of a file whose length is not a multiple of four
    expect(hasC1Bytes(fileOf(Buffer.concat([clean, Buffer.from([0x41, 0x80])])))).toBe(true);
    // the first byte of the second 4 MB chunk
    const chunk = Buffer.alloc(1 << 22, 0x61);
    expect(hasC1Bytes(fileOf(Buffer.concat([chunk, Buffer.from([0x9f])])))).toBe(true);
  });
});

describe("hasMixedLineEndings", () => {
  /** The definition: the kinds of line ending (LF, CRLF, a lone CR) the text has, more than one. */
  function mixed(text: string): boolean {
    const kinds = new Set(text.match(/\r\n|\r|\n/g) ?? []);
    return kinds.size > 1;
  }

  it("agrees with the definition, wherever the endings fall", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", ",", "\r", "\n", "\r\n"), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(hasMixedLineEndings(fileOf(Buffer.from(text)))).toBe(mixed(text));
      }),
      { numRuns: 300 },
    );
  });

  it("sees a CRLF split between two read chunks as one ending, and a lone CR at a chunk's end as one", () => {
    const lines = Buffer.alloc((1 << 22) - 1, 0x61);
    const crlfAcross = Buffer.concat([lines, Buffer.from("\r\nb\r\n")]);
    expect(hasMixedLineEndings(fileOf(crlfAcross))).toBe(false);
    const crThenLf = Buffer.concat([lines, Buffer.from("\rb\n")]);
    expect(hasMixedLineEndings(fileOf(crThenLf))).toBe(true);
    expect(hasMixedLineEndings(fileOf(Buffer.concat([lines, Buffer.from("\n\r")])))).toBe(true);
  });
});
