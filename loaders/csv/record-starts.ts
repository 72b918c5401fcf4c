import { closeSync, openSync, readSync } from "node:fs";

/**
 * Where a CSV file's records start, as an editor numbers its lines. DuckDB numbers a file's lines
 * (`line` in its table of refused lines) counting the lines it skips (`skip`) and the empty lines it
 * passes over, but a record as one line however many lines its quoted cells span; and a record it
 * yields has no line at all, only its place among the records. One streaming pass over the file, aware
 * of quotes as DuckDB's reader is, maps DuckDB's numbering to the physical lines.
 */
export interface RecordStarts {
  /** DuckDB's numbers of the wholly empty lines it passes over (they yield no record), ascending. */
  empty: number[];
  /**
   * DuckDB's numbers of the records whose quoted cells span more than one line, ascending, and for
   * each, how many physical lines the file has above the next line beyond DuckDB's count.
   */
  spans: { line: number[]; ahead: number[] };
  /** DuckDB's number of the last line that holds anything (the header's when no record follows). */
  last: number;
  /** Whether the file ends inside a quoted field (a quote that never closes). */
  openQuote: boolean;
}

export interface RecordStartsOptions {
  /** Lines above the first record (metadata, a `sep=` line, the header), counted as DuckDB's `skip`. */
  skip: number;
  delimiter: string;
  quote: string;
  /** How the file is read: the delimiter and quote are looked for as bytes of this encoding. */
  encoding: "utf-8" | "latin-1";
}

/** The physical line DuckDB's line `line` starts on. */
export function physicalLine(starts: RecordStarts, line: number): number {
  const { line: spanned, ahead } = starts.spans;
  // the last record above `line` that spans lines: the lines it and those above it add
  let low = 0;
  let high = spanned.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spanned[mid]! < line) low = mid + 1;
    else high = mid;
  }
  return line + (low > 0 ? ahead[low - 1]! : 0);
}

/** Whether DuckDB's numbering is already the file's: no empty line below the header, no record spanning lines. */
export function numbersArePhysical(starts: RecordStarts): boolean {
  return starts.empty.length === 0 && starts.spans.line.length === 0;
}

const LF = 0x0a;
const CR = 0x0d;
const CHUNK = 1 << 22;

/**
 * Whether the file's bytes already show that DuckDB numbers its lines as the file does, without the
 * walk: no quote byte (so no record spans lines) and no line break right after another (so no empty
 * line), each found with indexOf over the whole file (1M CRM mailings, 660 MB: the walk's byte and line
 * loops take seconds on the main thread while DuckDB waits). When it says true, readRecordStarts would
 * find no empty line and no spanning record (numbersArePhysical); when false, the walk decides. It
 * looks at the lines above the header too, and at a quote of more than one byte, so it may say false
 * where the walk would find nothing to map, never the reverse.
 */
export function numbersArePhysicalInFile(
  path: string,
  options: Pick<RecordStartsOptions, "quote" | "encoding">,
): boolean {
  const quote = bytesOf(options.quote, options.encoding);
  if (quote.length !== 1) return false;
  const fd = openSync(path, "r");
  try {
    // The byte before the chunk: a line break there and one first in the chunk make an empty line.
    let before = -1;
    for (const chunk of fileChunks(fd)) {
      if (chunk.indexOf(quote[0]!) !== -1) return false;
      if (
        (before === LF || before === CR) &&
        (chunk[0] === LF || chunk[0] === CR) &&
        !(before === CR && chunk[0] === LF)
      ) {
        return false;
      }
      if (
        chunk.indexOf(EMPTY_LF) !== -1 ||
        chunk.indexOf(EMPTY_LF_CR) !== -1 ||
        chunk.indexOf(EMPTY_CR) !== -1
      ) {
        return false;
      }
      before = chunk[chunk.length - 1]!;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Two line breaks in a row, in every way lines end (LF, CRLF, a lone CR): each starts an empty line. */
const EMPTY_LF = Buffer.from([LF, LF]);
const EMPTY_LF_CR = Buffer.from([LF, CR]);
const EMPTY_CR = Buffer.from([CR, CR]);

function bytesOf(text: string, encoding: "utf-8" | "latin-1"): Buffer {
  return Buffer.from(text, encoding === "latin-1" ? "latin1" : "utf8");
}

/**
 * Reads the file once. A quote opens a quoted field only where a field starts (a stray quote inside a
 * field is a character, as DuckDB reads it); inside, a doubled quote is a quote; CRLF, LF and a lone CR
 * each end a line, inside quotes too. Lines without a quote are passed whole, found with indexOf (a
 * byte loop in JavaScript costs about a second per 250 MB); a line with one is walked byte by byte.
 */
export function readRecordStarts(path: string, options: RecordStartsOptions): RecordStarts {
  const fd = openSync(path, "r");
  try {
    return recordStartsOf(fileChunks(fd), options);
  } finally {
    closeSync(fd);
  }
}

function* fileChunks(fd: number): Generator<Buffer> {
  const buffer = Buffer.alloc(CHUNK);
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, null);
    if (read === 0) return;
    yield buffer.subarray(0, read);
  }
}

/** The record starts of a text given in chunks (a line break, quote or CRLF may fall across two). */
export function recordStartsOf(chunks: Iterable<Buffer>, options: RecordStartsOptions): RecordStarts {
  const walk = new RecordWalk(options);
  for (const chunk of chunks) walk.feed(chunk);
  return walk.end();
}

/** The walk's state between chunks. */
class RecordWalk {
  private readonly quote: number;
  private readonly delimiter: Buffer;
  private skipLeft: number;
  /** DuckDB's number of the current line, the physical line the walk is on, and where the line began. */
  private line: number;
  private physical: number;
  private start: number;
  private inQuote = false;
  /** The last byte closed a quoted field (a quote right after it is an escaped one). */
  private closed = false;
  /** The next byte starts a field (the line started, or a delimiter ended the field before). */
  private fieldStart = true;
  /** The current line holds no byte yet. */
  private blank = true;
  /** The last byte was a CR: an LF right after it belongs to the same line break. */
  private afterCr = false;
  private readonly empty: number[] = [];
  private readonly spanned: number[] = [];
  private readonly ahead: number[] = [];

  constructor(options: RecordStartsOptions) {
    const quote = bytesOf(options.quote, options.encoding);
    // A quote of more than one byte is not one DuckDB reads: no quoted fields, then.
    this.quote = quote.length === 1 ? quote[0]! : -1;
    this.delimiter = bytesOf(options.delimiter, options.encoding);
    this.skipLeft = options.skip;
    this.line = options.skip + 1;
    this.physical = options.skip + 1;
    this.start = this.physical;
  }

  feed(bytes: Buffer): void {
    const n = bytes.length;
    let pos = 0;
    for (; this.skipLeft > 0 && pos < n; pos++) {
      const c = bytes[pos];
      if (c === LF && !this.afterCr) this.skipLeft--;
      else if (c === CR) this.skipLeft--;
      this.afterCr = c === CR;
    }
    // Locals, not fields, and no closures over them in the loops: this walk is the whole cost.
    const q = this.quote;
    const d = this.delimiter[this.delimiter.length - 1]!;
    const { empty, spanned, ahead } = this;
    let { line, physical, start, inQuote, closed, fieldStart, blank, afterCr } = this;
    // The next LF, CR and quote at or after pos, each found with indexOf once per chunk (n: none).
    let lf = -1;
    let cr = -1;
    let nextQuote = -1;
    while (pos < n) {
      if (blank && !inQuote && !afterCr) {
        // Lines holding no quote are passed whole between line breaks; none spans lines.
        if (nextQuote < pos) nextQuote = q < 0 ? n : Math.min(bytes.indexOf(q, pos) >>> 0, n);
        for (;;) {
          if (lf < pos) lf = Math.min(bytes.indexOf(LF, pos) >>> 0, n);
          if (cr < pos) cr = Math.min(bytes.indexOf(CR, pos) >>> 0, n);
          const end = lf < cr ? lf : cr;
          if (end >= nextQuote || end === n) break;
          if (end === pos) empty.push(line);
          line++;
          physical++;
          pos = end + 1;
          if (bytes[end] === CR) {
            if (pos === n) afterCr = true;
            else if (bytes[pos] === LF) pos++;
          }
        }
        start = physical;
      }
      // A line with a quote, or the chunk's last, byte by byte up to its end.
      for (; pos < n; pos++) {
        const c = bytes[pos]!;
        if (afterCr) {
          afterCr = false;
          if (c === LF) continue;
        }
        if (inQuote) {
          if (c === q) {
            inQuote = false;
            closed = true;
          } else if (c === LF) physical++;
          else if (c === CR) {
            physical++;
            afterCr = true;
          }
        } else if (c === LF || c === CR) {
          if (blank) empty.push(line);
          else if (physical > start) {
            spanned.push(line);
            ahead.push(physical - line);
          }
          line++;
          physical++;
          start = physical;
          blank = true;
          fieldStart = true;
          closed = false;
          afterCr = c === CR;
          pos++;
          break;
        } else {
          blank = false;
          if (c === q) {
            inQuote = fieldStart || closed;
            fieldStart = false;
          } else fieldStart = c === d && this.delimiterEndsAt(bytes, pos);
          closed = false;
        }
      }
    }
    Object.assign(this, { line, physical, start, inQuote, closed, fieldStart, blank, afterCr });
  }

  /** Whether the delimiter ends at `at` (one of more bytes is taken to, when the chunk starts inside it). */
  private delimiterEndsAt(bytes: Buffer, at: number): boolean {
    const d = this.delimiter;
    for (let i = 1; i < d.length && at - i >= 0; i++) if (bytes[at - i] !== d[d.length - 1 - i]) return false;
    return true;
  }

  end(): RecordStarts {
    const openQuote = this.inQuote;
    const last = this.blank && !openQuote ? this.line - 1 : this.line;
    return { empty: this.empty, spans: { line: this.spanned, ahead: this.ahead }, last, openQuote };
  }
}
