/**
 * Text encoding detection for source extracts (DESIGN §8): CRM and records exports arrive as UTF-8
 * (with or without BOM), UTF-16 from Excel "Unicode text", or Windows-1252 from older Windows tools.
 */
import { isUtf8 } from "node:buffer";
import { hasC1Byte } from "./byte-scan.ts";
import { decodeLatin1, decodeWindows1252 } from "./windows1252.ts";

export type TextEncodingName = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252" | "latin-1";

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === UTF8_BOM[0] && b[1] === UTF8_BOM[1] && b[2] === UTF8_BOM[2];
}

function hasUtf16LeBom(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0xff && b[1] === 0xfe;
}

function hasUtf16BeBom(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0xfe && b[1] === 0xff;
}

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Allowed range of the byte after a lead byte; excludes overlongs, surrogates and > U+10FFFF. */
function secondByteOk(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  return b >= 0x80 && b <= 0xbf;
}

/**
 * Strict UTF-8 validation. With `allowTruncatedEnd`, a multi-byte sequence cut off at the end still
 * counts as valid when its bytes so far are a valid prefix: a sample read from the start of a file
 * can split a character, and that must not demote a UTF-8 file to Windows-1252.
 */
export function isValidUtf8(bytes: Uint8Array, opts: { allowTruncatedEnd?: boolean } = {}): boolean {
  if (isUtf8(bytes)) return true;
  if (!opts.allowTruncatedEnd) return false;
  let start = bytes.length - 1;
  while (start >= 0 && bytes.length - start <= 3 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0) return false;
  const lead = bytes[start]!;
  const present = bytes.length - start;
  const need = sequenceLength(lead);
  // A complete (or impossible) final sequence means the failure lies elsewhere or is real.
  if (need <= present) return false;
  if (present >= 2 && !secondByteOk(lead, bytes[start + 1]!)) return false;
  return isUtf8(bytes.subarray(0, start));
}

/**
 * Guesses the encoding of a sample (typically the first few hundred KB of a file): a BOM decides;
 * else valid UTF-8 (which includes pure ASCII) is UTF-8; else any byte 0x80-0x9F means
 * Windows-1252, because in latin-1 those are C1 control codes that never occur in real text; else
 * latin-1. UTF-16 without a BOM is not recognised.
 *
 * A sample is assumed to be a prefix, so a UTF-8 sequence cut off at its end is tolerated: otherwise
 * a UTF-8 file whose sample splits an `ö` would be decoded as latin-1, silently garbling every
 * non-ASCII character. Pass `complete: true` when the sample is the whole input, so that a latin-1
 * file ending in, say, `é` (a valid UTF-8 lead byte) is not taken for UTF-8.
 */
export function detectEncoding(sample: Uint8Array, opts: { complete?: boolean } = {}): TextEncodingName {
  if (hasUtf8Bom(sample)) return "utf-8-bom";
  if (hasUtf16LeBom(sample)) return "utf-16le";
  if (hasUtf16BeBom(sample)) return "utf-16be";
  if (isValidUtf8(sample, { allowTruncatedEnd: !opts.complete })) return "utf-8";
  return hasC1Byte(sample) ? "windows-1252" : "latin-1";
}

/**
 * Decodes a whole buffer, dropping a leading BOM of the given Unicode encoding. UTF-8 and UTF-16
 * are decoded fatally by default: a file detected from its first bytes can still hold an invalid
 * sequence later, and a thrown error is better than U+FFFD silently replacing part of a name.
 */
export function decodeToString(
  buf: Uint8Array,
  encoding: TextEncodingName,
  opts: { fatal?: boolean } = {},
): string {
  const fatal = opts.fatal ?? true;
  switch (encoding) {
    case "utf-8":
    case "utf-8-bom": {
      const body = hasUtf8Bom(buf) ? buf.subarray(3) : buf;
      return new TextDecoder("utf-8", { fatal, ignoreBOM: true }).decode(body);
    }
    case "utf-16le": {
      const body = hasUtf16LeBom(buf) ? buf.subarray(2) : buf;
      return new TextDecoder("utf-16le", { fatal, ignoreBOM: true }).decode(body);
    }
    case "utf-16be": {
      const body = hasUtf16BeBom(buf) ? buf.subarray(2) : buf;
      // Swapped into little-endian so the decoder does not depend on Node's ICU build for UTF-16BE.
      const even = body.length - (body.length % 2);
      const swapped = Buffer.alloc(body.length);
      asBuffer(body).copy(swapped);
      swapped.subarray(0, even).swap16();
      return new TextDecoder("utf-16le", { fatal, ignoreBOM: true }).decode(swapped);
    }
    case "windows-1252":
      return decodeWindows1252(buf);
    case "latin-1":
      return decodeLatin1(buf);
    default:
      throw new RangeError(`Unsupported encoding ${JSON.stringify(encoding)}`);
  }
}
