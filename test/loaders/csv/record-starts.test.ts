import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  numbersArePhysical,
  numbersArePhysicalInFile,
  physicalLine,
  type RecordStartsOptions,
  readRecordStarts,
  recordStartsOf,
} from "../../../loaders/csv/record-starts.ts";

const OPTIONS: RecordStartsOptions = { skip: 1, delimiter: ",", quote: '"', encoding: "utf-8" };

/** The record starts of a text read whole, checked to be the same when it comes one byte at a time. */
function startsOf(text: string | Buffer, options: Partial<RecordStartsOptions> = {}) {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const whole = recordStartsOf([bytes], { ...OPTIONS, ...options });
  const byByte = recordStartsOf(
    Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)),
    { ...OPTIONS, ...options },
  );
  expect(byByte).toEqual(whole);
  return whole;
}

/** Every line DuckDB numbers below the header, with the physical line it starts on. */
function physicalLines(text: string, options: Partial<RecordStartsOptions> = {}): number[] {
  const starts = startsOf(text, options);
  const skip = options.skip ?? OPTIONS.skip;
  return Array.from({ length: starts.last - skip }, (_, i) => physicalLine(starts, skip + 1 + i));
}

describe("record starts", () => {
  it("a file without empty lines or quoted line breaks is numbered as DuckDB numbers it", () => {
    const starts = startsOf('h1,h2\na,b\n"c",d\n"e,f",g\n');
    expect(starts).toEqual({ empty: [], spans: { line: [], ahead: [] }, last: 4, openQuote: false });
  });

  it("a quoted cell over three lines moves every later record down two lines", () => {
    const text = 'h1,h2\na,b\n"one\ntwo\nthree",c\nd,e\nf,g';
    expect(physicalLines(text)).toEqual([2, 3, 6, 7]);
    expect(startsOf(text).last).toBe(5);
  });

  it("empty lines are numbered by DuckDB and listed; blanks and delimiters make a line", () => {
    const text = "h1,h2\n\na,b\n \n,\n\n\nc,d\n";
    expect(startsOf(text).empty).toEqual([2, 6, 7]);
    expect(physicalLines(text)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it("CRLF and a lone CR each end one line, inside quotes too", () => {
    expect(physicalLines('h1,h2\r\na,"x\r\ny\r\nz"\r\n\r\nb,c\r\n')).toEqual([2, 5, 6]);
    expect(physicalLines('h1,h2\ra,"x\ry"\rb,c\r')).toEqual([2, 4]);
    expect(physicalLines('h1,h2\na,"x\r\ny"\nb,c\n')).toEqual([2, 4]);
  });

  it("a doubled quote stays inside the field; a stray quote inside a field opens nothing", () => {
    expect(physicalLines('h1,h2\na,"say ""hi""\nthere"\nb,c"d\ne,f\n')).toEqual([2, 4, 5]);
    expect(physicalLines('h1,h2\n"a""",b\n"""",c\n')).toEqual([2, 3]);
  });

  it("the lines it skips are counted as lines, quotes or not (a sep= line, report metadata)", () => {
    const text = 'sep=;\nReport "Q1\n\nh1;h2\na;"b\nc"\nd;e\n';
    expect(physicalLines(text, { skip: 4, delimiter: ";" })).toEqual([5, 7]);
  });

  it("a BOM is part of the header's line", () => {
    expect(physicalLines('\uFEFFh1,h2\na,"b\nc"\nd,e\n')).toEqual([2, 4]);
  });

  it("the delimiter and quote of the profile decide where fields and quotes start", () => {
    expect(physicalLines("h1\th2\na\t'b\nc'\nd\te\n", { delimiter: "\t", quote: "'" })).toEqual([2, 4]);
    // a double quote is a character when the quote is another
    expect(physicalLines('h1;h2\na;"b\nc;d\n', { delimiter: ";", quote: "'" })).toEqual([2, 3]);
  });

  it("a latin-1 file is walked as its bytes", () => {
    const bytes = Buffer.from('h1,h2\n\xe5,"\xe4\n\xf6"\n\xe9,x\n', "latin1");
    const starts = startsOf(bytes, { encoding: "latin-1" });
    expect([physicalLine(starts, 2), physicalLine(starts, 3)]).toEqual([2, 4]);
  });

  it("a quote that never closes takes the rest of the file", () => {
    const starts = startsOf('h1,h2\na,b\nc,"d\ne,f\ng,h\n');
    expect(starts).toMatchObject({ openQuote: true, last: 3 });
    expect(physicalLine(starts, 3)).toBe(3);
  });
});

describe("numbersArePhysicalInFile: the look at the bytes that spares the walk", () => {
  const dir = mkdtempSync(join(tmpdir(), "slm-record-starts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  /** The quick verdict and the walk's on the same file; the quick one never says true where the walk maps lines. */
  function verdicts(bytes: Buffer, options: Partial<RecordStartsOptions> = {}) {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, bytes);
    const all = { ...OPTIONS, ...options };
    const quick = numbersArePhysicalInFile(path, all);
    const walked = numbersArePhysical(readRecordStarts(path, all));
    if (quick) expect(walked).toBe(true);
    return { quick, walked };
  }
  const text = (value: string) => Buffer.from(value);

  it("a file without quotes or empty lines is known physical without the walk, in any line ending", () => {
    expect(verdicts(text("h1,h2\na,b\nc,d\n"))).toEqual({ quick: true, walked: true });
    expect(verdicts(text("h1,h2\r\na,b\r\nc,d\r\n"))).toEqual({ quick: true, walked: true });
    expect(verdicts(text("h1,h2\ra,b\rc,d"))).toEqual({ quick: true, walked: true });
    expect(verdicts(text("h1,h2\na,b\r\nc,d\n"))).toEqual({ quick: true, walked: true });
  });

  it("an empty line, however lines end, and a quoted line break leave it to the walk", () => {
    for (const body of ["a,b\n\nc,d\n", "a,b\r\n\r\nc,d\r\n", "a,b\r\rc,d", "a,b\n\r\nc,d", "a,b\r\r\nc,d"]) {
      expect(verdicts(text(`h1,h2\n${body}`))).toEqual({ quick: false, walked: false });
    }
    expect(verdicts(text('h1,h2\na,"b\nc"\nd,e\n'))).toEqual({ quick: false, walked: false });
  });

  it("any quote byte, or a quote of more bytes than one, leaves it to the walk (which may find nothing)", () => {
    expect(verdicts(text('h1,h2\n"a",b\n'))).toEqual({ quick: false, walked: true });
    expect(verdicts(text("h1;h2\na';b\n"), { delimiter: ";", quote: "'" })).toEqual({
      quick: false,
      walked: true,
    });
    expect(verdicts(text("h1,h2\na,b\n"), { quote: "§" })).toEqual({ quick: false, walked: true });
  });

  it("the quote is looked for as a byte of the file's encoding", () => {
    const latin1 = Buffer.from([0x68, 0x0a, 0xa7, 0x61, 0x0a, 0x62, 0x0a, 0x63, 0xa7, 0x0a]); // h / §a / b / c§
    expect(verdicts(latin1, { quote: "§", encoding: "latin-1" }).quick).toBe(false);
    expect(verdicts(latin1, { quote: '"', encoding: "latin-1" })).toEqual({ quick: true, walked: true });
  });

  it("two line breaks split between the 4 MB chunks it reads are an empty line; a split CRLF is not", () => {
    const chunk = 1 << 22;
    const lines = (ending: string) => {
      const filler = Buffer.alloc(chunk - 1 - "h1,h2\n".length, "x");
      return Buffer.concat([text("h1,h2\n"), filler, text(ending), text("a,b\n")]);
    };
    // the filler ends one byte before the chunk boundary: the ending's first byte is the chunk's last
    expect(verdicts(lines("\n\n"))).toEqual({ quick: false, walked: false });
    expect(verdicts(lines("\r\r"))).toEqual({ quick: false, walked: false });
    expect(verdicts(lines("\n\r\n"))).toEqual({ quick: false, walked: false });
    expect(verdicts(lines("\r\n"))).toEqual({ quick: true, walked: true });
  });
});
