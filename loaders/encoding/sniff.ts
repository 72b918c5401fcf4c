import { closeSync, openSync, readSync, statSync } from "node:fs";
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

/** Well-formed multi-byte UTF-8 sequences in a buffer (a Windows-1252 file has next to none). */
export function countUtf8Sequences(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 ? 3 : 0;
    if (need === 0 || lead > 0xf4) continue;
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) ok = false;
    }
    if (ok) {
      count++;
      i += need;
    }
  }
  return count;
}

const SCAN_CHUNK = 1 << 22;

/**
 * Whether any byte of the file is in 0x80-0x9F: C1 controls in latin-1, `€ ‘ ’ “ ” …` in
 * Windows-1252. Without one the two encodings read the same, and DuckDB's latin-1 reader (which
 * refuses these bytes) can read the file itself. Four bytes at a time: 405 MB in 0.34 s, not 0.7 s.
 */
export function hasC1Bytes(path: string): boolean {
  const bytes = new Uint8Array(SCAN_CHUNK);
  const words = new Uint32Array(bytes.buffer);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const read = readSync(fd, bytes, 0, SCAN_CHUNK, null);
      if (read === 0) return false;
      const whole = read >> 2;
      for (let i = 0; i < whole; i++) {
        // a byte b with (b & 0xE0) == 0x80 leaves a zero byte here; the test below finds any zero byte
        const x = (words[i]! & 0xe0e0e0e0) ^ 0x80808080;
        if (((x - 0x01010101) & ~x & 0x80808080) !== 0) return true;
      }
      for (let i = whole << 2; i < read; i++) if ((bytes[i]! & 0xe0) === 0x80) return true;
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
  if ((encoding === "windows-1252" || encoding === "latin-1") && countUtf8Sequences(bytes) > 0) {
    return { encoding: "utf-8", mixed: true, whole };
  }
  return { encoding, mixed: false, whole };
}
