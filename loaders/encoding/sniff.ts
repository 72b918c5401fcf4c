import { closeSync, openSync, readSync, statSync } from "node:fs";
import { hasC1Byte, hasUtf8Sequence, LineEndingKinds } from "./byte-scan.ts";
import { detectEncoding, type TextEncodingName } from "./detect.ts";

/** Whole-file detection up to this size: an export can be ASCII for megabytes before its first `é`. */
const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;
const SAMPLE_BYTES = 1 << 16;

export function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

const SCAN_CHUNK = 1 << 22;

/**
 * Whether any byte of the file is in 0x80-0x9F: C1 controls in latin-1, `€ ‘ ’ “ ” …` in
 * Windows-1252. Without one the two encodings read the same, and DuckDB's latin-1 reader (which
 * refuses these bytes) can read the file itself.
 */
export function hasC1Bytes(path: string): boolean {
  const bytes = new Uint8Array(SCAN_CHUNK);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const read = readSync(fd, bytes, 0, SCAN_CHUNK, null);
      if (read === 0) return false;
      if (hasC1Byte(bytes.subarray(0, read))) return true;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether the file ends its lines in more than one way (LF, CRLF, a lone CR); stops at the first sign. */
export function hasMixedLineEndings(path: string): boolean {
  const bytes = new Uint8Array(SCAN_CHUNK);
  const kinds = new LineEndingKinds();
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const read = readSync(fd, bytes, 0, SCAN_CHUNK, null);
      if (read === 0) return kinds.mixed(true);
      kinds.add(bytes.subarray(0, read));
      if (kinds.mixed()) return true;
    }
  } finally {
    closeSync(fd);
  }
}

export interface FileEncoding {
  encoding: TextEncodingName;
  /** Valid UTF-8 text with some lines in another encoding: read as UTF-8, those lines quarantined. */
  mixed: boolean;
  /** Whether the verdict read every byte (files up to 256 MB), not the head alone. */
  whole: boolean;
}

/**
 * Detects a file's encoding from all of it (or its head when huge). A file that is not valid UTF-8
 * but holds well-formed UTF-8 sequences is mixed — typically an export appended to by two tools —
 * and is read as UTF-8 so that the foreign lines are quarantined, not every line garbled.
 */
export function detectFileEncoding(path: string): FileEncoding {
  const size = statSync(path).size;
  const whole = size <= WHOLE_FILE_LIMIT;
  const bytes = readHead(path, whole ? size : SAMPLE_BYTES);
  const encoding = detectEncoding(bytes, { complete: whole });
  if ((encoding === "windows-1252" || encoding === "latin-1") && hasUtf8Sequence(bytes)) {
    return { encoding: "utf-8", mixed: true, whole };
  }
  return { encoding, mixed: false, whole };
}
