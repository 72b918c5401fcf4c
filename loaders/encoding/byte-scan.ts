/**
 * Whole-file byte scans, four bytes at a time: the files are hundreds of MB, and a per-byte loop in
 * JavaScript costs about a second per 250 MB where a word loop costs a quarter of that.
 */

/** Runs `test` over the 32-bit words of the aligned middle of `bytes`, `testByte` over the rest. */
function someWordOrByte(
  bytes: Uint8Array,
  test: (word: number) => boolean,
  testByte: (b: number) => boolean,
): boolean {
  const n = bytes.length;
  let i = 0;
  // A Uint32Array view needs a 4-byte-aligned offset; pooled Buffers often start unaligned.
  while (i < n && (bytes.byteOffset + i) % 4 !== 0) if (testByte(bytes[i++]!)) return true;
  const words = (n - i) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = 0; w < words; w++) if (test(view[w]!)) return true;
    i += words << 2;
  }
  while (i < n) if (testByte(bytes[i++]!)) return true;
  return false;
}

/** Whether a word holds a zero byte (the classic bit trick: exact, no false positives). */
const hasZeroByte = (x: number) => ((x - 0x01010101) & ~x & 0x80808080) !== 0;

/**
 * Whether any byte is in 0x80-0x9F: C1 controls in latin-1, `€ ‘ ’ “ ” …` in Windows-1252.
 * A byte b with (b & 0xE0) == 0x80 becomes a zero byte of `(word & 0xE0E0E0E0) ^ 0x80808080`.
 */
export function hasC1Byte(bytes: Uint8Array): boolean {
  return someWordOrByte(
    bytes,
    (word) => hasZeroByte((word & 0xe0e0e0e0) ^ 0x80808080),
    (b) => (b & 0xe0) === 0x80,
  );
}

const NON_ASCII_WORD = (word: number) => (word & 0x80808080) !== 0;

/**
 * Whether the bytes hold a well-formed multi-byte UTF-8 sequence (a lead byte C2-F4 followed by as
 * many continuation bytes as it announces). A Windows-1252 file has next to none. Pure-ASCII words
 * are skipped; the scan stops at the first sequence.
 */
export function hasUtf8Sequence(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const alignStart = Math.min(n, (4 - (bytes.byteOffset % 4)) % 4);
  const words = (n - alignStart) >> 2;
  const view =
    words > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + alignStart, words) : new Uint32Array(0);
  const viewEnd = alignStart + (view.length << 2);
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      // At a word boundary, skip whole ASCII words.
      if (i >= alignStart && i < viewEnd && (i - alignStart) % 4 === 0) {
        let w = (i - alignStart) >> 2;
        while (w < view.length && !NON_ASCII_WORD(view[w]!)) w++;
        i = alignStart + (w << 2);
      }
      continue;
    }
    const need =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : 0;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) ok = false;
    }
    if (ok) return true;
    i++;
  }
  return false;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Tells whether a text, given chunk by chunk, ends its lines in more than one way (LF, CRLF, a lone
 * CR): DuckDB's strict CSV reader refuses such a file whole. A CR at a chunk's end is settled by the
 * next chunk's first byte.
 */
export class LineEndingKinds {
  private lf = false;
  private crlf = false;
  private cr = false;
  private pendingCr = false;

  add(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // Buffer's indexOf is a native byte search; a typed array's is not as fast.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (this.pendingCr && buffer[0] !== LF) this.cr = true;
    for (let i = buffer.indexOf(LF); i !== -1; i = buffer.indexOf(LF, i + 1)) {
      if (i > 0 ? buffer[i - 1] === CR : this.pendingCr) this.crlf = true;
      else this.lf = true;
      if (this.lf && this.crlf) break;
    }
    this.pendingCr = buffer[buffer.length - 1] === CR;
    for (let i = buffer.indexOf(CR); i !== -1 && i < buffer.length - 1; i = buffer.indexOf(CR, i + 1)) {
      if (buffer[i + 1] !== LF) {
        this.cr = true;
        break;
      }
    }
  }

  /** Whether more than one kind was seen; `ended` settles a CR that closed the last chunk. */
  mixed(ended = false): boolean {
    const cr = this.cr || (ended && this.pendingCr);
    return Number(this.lf) + Number(this.crlf) + Number(cr) > 1;
  }
}
