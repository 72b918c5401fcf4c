import { closeSync, openSync, readSync } from "node:fs";

const SAMPLE_BYTES = 1 << 16;

/** Splits one CSV record (no embedded newlines: headers do not have them) honouring quotes. */
export function splitCsvLine(line: string, delimiter: string, quote: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === quote && line[i + 1] === quote) {
        cell += quote;
        i++;
      } else if (ch === quote) quoted = false;
      else cell += ch;
    } else if (ch === quote) quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function readSample(path: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The header cells of an already UTF-8 text, trimmed, with a BOM removed. */
export function headerOf(
  text: string,
  headerLine: number,
  delimiter: string,
  quote: string,
): string[] | null {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const line = lines[headerLine - 1];
  if (line === undefined || line.trim() === "") return null;
  return splitCsvLine(line, delimiter, quote).map((cell) => cell.trim());
}
