import { describe, expect, it } from "vitest";
import { binaryKind } from "../../../loaders/encoding/binary.ts";

const text = (s: string) => Buffer.from(s, "latin1");
const NOT_TEXT = /^binary data, not text/;

describe("binaryKind", () => {
  it("refuses a small file of control bytes (5 in 20 bytes was under the 8-byte floor)", () => {
    expect(binaryKind(text("\x00\x01\x02\x03\x04id,name\n1,a\n\x7f"))).toMatch(NOT_TEXT);
    expect(binaryKind(text("\x01\x02\x03"))).toMatch(NOT_TEXT);
  });

  it("lets a stray control byte or two through in a small text file (a DOS end-of-file mark, a vertical tab)", () => {
    expect(binaryKind(text("student,course\nS1,C1\n\x1a"))).toBeNull();
    expect(binaryKind(text("student,course\nS1,line\x0bbreak\nS2,C\x0b2\n"))).toBeNull();
    expect(binaryKind(text(""))).toBeNull();
  });

  it("lets stray control bytes through in a large text file, up to one in a hundred", () => {
    const line = "Åsa Öberg;Lärarprogrammet;7,5;Förstagångsregistrering\r\n";
    const body = line.repeat(1200);
    const stray = body.replace(/;7,5;/g, (m, at: number) => (at % 7 === 0 ? ";7\x0b5;" : m));
    expect(binaryKind(text(stray))).toBeNull();
    expect(binaryKind(text(`${body}\x00`))).toBeNull();
    // thick with them, it is not text
    expect(binaryKind(text(body.replaceAll(";", "\x01")))).toMatch(NOT_TEXT);
  });

  it("names a known file type by its signature, and lets UTF-16 with a byte-order mark through", () => {
    expect(binaryKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe("a PNG image");
    expect(binaryKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe(
      "a password-protected or legacy .xls workbook: save it unprotected as .xlsx or CSV",
    );
    expect(binaryKind(Buffer.from("\ufeffa,b\n", "utf16le"))).toBeNull();
  });
});
