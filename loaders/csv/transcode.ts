import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { detectFileEncoding, hasC1Bytes } from "../encoding/sniff.ts";
import { singleByteToUtf8 } from "../encoding/windows1252.ts";
import { LoadError } from "../errors.ts";
import { removeScratch, scratchDir } from "../scratch.ts";

export type DeclaredEncoding = "auto" | "utf-8" | "utf-16" | "latin-1" | "windows-1252";

/** The encodings a file's first bytes prove, by the name a warning gives them and their declared family. */
const BYTE_ORDER_MARKS: Partial<Record<string, { name: string; family: DeclaredEncoding }>> = {
  "utf-8-bom": { name: "UTF-8", family: "utf-8" },
  "utf-16le": { name: "UTF-16 LE", family: "utf-16" },
  "utf-16be": { name: "UTF-16 BE", family: "utf-16" },
};

export interface Utf8File {
  path: string;
  encoding: string;
  /** How DuckDB reads `path`: UTF-8, or with its own latin-1 decoder (see `inPlaceLatin1`). */
  readAs: "utf-8" | "latin-1";
  warnings: string[];
  cleanup: () => void;
}

function singleByteDecoder(encoding: "windows-1252" | "latin-1"): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, singleByteToUtf8(chunk, encoding));
    },
  });
}

function utf16Decoder(): Transform {
  const decoder = new TextDecoder("utf-16le");
  let bigEndian: boolean | null = null;
  let carry: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let bytes = Buffer.concat([carry, chunk]);
      if (bigEndian === null) {
        bigEndian = bytes[0] === 0xfe && bytes[1] === 0xff;
      }
      const even = bytes.length - (bytes.length % 2);
      carry = Buffer.from(bytes.subarray(even));
      bytes = Buffer.from(bytes.subarray(0, even));
      if (bigEndian) bytes.swap16();
      done(null, Buffer.from(decoder.decode(bytes, { stream: true }), "utf8"));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), "utf8"));
    },
  });
}

const LF = Buffer.from("\n");

/** Ends every line with LF: a CRLF and a lone CR alike (a CRLF split between two chunks stays one). */
function lfLineEndings(): Transform {
  let afterCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.length === 0) return done(null, chunk);
      let start = afterCr && chunk[0] === 0x0a ? 1 : 0;
      afterCr = false;
      const parts: Buffer[] = [];
      for (let cr = chunk.indexOf(0x0d, start); cr !== -1; cr = chunk.indexOf(0x0d, start)) {
        parts.push(chunk.subarray(start, cr), LF);
        start = cr + 1;
        if (start === chunk.length) afterCr = true;
        else if (chunk[start] === 0x0a) start++;
      }
      parts.push(chunk.subarray(start));
      done(null, Buffer.concat(parts));
    },
  });
}

/**
 * A UTF-8 copy of a file whose lines end in more than one way (a line added by hand to an export),
 * every line ending made LF: DuckDB's strict reader refuses such a file whole, and strict mode stays
 * on for what else it catches. Line breaks inside quoted cells become LF too. `readAs` is how DuckDB
 * read `path`; a latin-1 file is decoded in the same pass. Made only after DuckDB refused the file,
 * so a file that reads as it is costs nothing.
 */
export async function lfLineEndingsCopy(
  path: string,
  readAs: "utf-8" | "latin-1",
): Promise<{ path: string; cleanup: () => void }> {
  const dir = scratchDir("utf8");
  const out = join(dir, "file.csv");
  const cleanup = () => removeScratch(dir);
  try {
    const read = createReadStream(path);
    if (readAs === "latin-1") {
      await pipeline(read, singleByteDecoder("latin-1"), lfLineEndings(), createWriteStream(out));
    } else await pipeline(read, lfLineEndings(), createWriteStream(out));
  } catch (error) {
    cleanup();
    throw error;
  }
  return { path: out, cleanup };
}

/**
 * DuckDB reads UTF-8 itself; everything else is decoded here into a temporary UTF-8 copy, because
 * its latin-1 reader refuses Windows-1252's 0x80-0x9F bytes (DESIGN §8).
 */
export async function toUtf8File(
  path: string,
  declared: DeclaredEncoding,
  fileName: string,
  /**
   * A single-byte file without a byte in 0x80-0x9F is left as it is, for DuckDB to read as latin-1
   * (identical to Windows-1252 there): no copy to write (1M Ladok registrations, 405 MB: 1.5-2.4 s).
   */
  inPlaceLatin1 = false,
): Promise<Utf8File> {
  const { encoding: detected, mixed, whole } = detectFileEncoding(path);
  // A byte-order mark is certain where a declaration can be out of date: the same report saved once as
  // "Unicode text" from Excel is UTF-16, and read as the profile's UTF-8 its header matched no column.
  const bom = BYTE_ORDER_MARKS[detected];
  const overruled = bom !== undefined && declared !== "auto" && declared !== bom.family;
  const encoding = declared === "auto" || bom !== undefined ? detected : declared;
  const warnings = overruled
    ? [
        `${fileName}: starts with a ${bom.name} byte-order mark; read as ${bom.name}, not as the profile's ${declared}`,
      ]
    : [];
  if (encoding === "utf-8" || encoding === "utf-8-bom") {
    if (declared === "utf-8" && (detected === "windows-1252" || detected === "latin-1")) {
      throw new LoadError(
        fileName,
        `declared UTF-8 but the file is not valid UTF-8 (looks like ${detected}); set csv.encoding in the profile`,
      );
    }
    if (mixed) {
      warnings.push(
        `${fileName}: mixed encodings (UTF-8 with other bytes); read as UTF-8, lines that are not are quarantined`,
      );
    }
    return { path, encoding, readAs: "utf-8", warnings, cleanup: () => undefined };
  }
  // A whole-file detection already looked for 0x80-0x9F: it says windows-1252 on the first, latin-1 if none.
  const c1Bytes = () =>
    whole && (detected === "latin-1" || detected === "windows-1252")
      ? detected === "windows-1252"
      : hasC1Bytes(path);
  if (inPlaceLatin1 && (encoding === "latin-1" || encoding === "windows-1252") && !c1Bytes()) {
    return { path, encoding, readAs: "latin-1", warnings, cleanup: () => undefined };
  }
  const decoder =
    encoding === "windows-1252"
      ? singleByteDecoder("windows-1252")
      : encoding === "latin-1"
        ? singleByteDecoder("latin-1")
        : utf16Decoder();
  const dir = scratchDir("utf8");
  const out = join(dir, "file.csv");
  await pipeline(createReadStream(path), decoder, createWriteStream(out));
  return {
    path: out,
    encoding,
    readAs: "utf-8",
    warnings,
    cleanup: () => removeScratch(dir),
  };
}
