import { closeSync, openSync, writeSync } from "node:fs";
import { encodeWindows1252 } from "../../loaders/encoding/windows1252.ts";
import { spreadsheetCell } from "../../warehouse/spreadsheet.ts";
import { foldToWindows1252 } from "./fold.ts";

export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

export interface CsvFormat {
  encoding: TextEncoding;
  delimiter: "," | ";";
  eol: "\r\n" | "\n";
  /** Written for people to open (not an emulated source export): cells are made spreadsheet-safe. */
  forPeople?: boolean;
}

/** Flushed to disk at this many UTF-16 code units, so memory stays flat whatever the row count. */
const CHUNK = 1 << 16;

/** Where a table's rows go: a delimited text file or a spreadsheet. Returns 1-based line numbers. */
export interface RowSink {
  readonly path: string;
  rawLine(text: string): number;
  row(cells: readonly string[]): number;
  /** Waits until rows written so far no longer pile up in memory. */
  drain(): Promise<void>;
  close(): Promise<number>;
}

/**
 * Writes one delimited text file row by row through a small buffer. Quoting follows RFC 4180: a field
 * is quoted only when it holds the delimiter, a quote or a line break, and quotes inside are doubled.
 */
export class CsvWriter implements RowSink {
  readonly path: string;
  /** Physical lines written so far, preamble and header included. */
  lines = 0;
  bytes = 0;
  private readonly fd: number;
  private buffer = "";
  private readonly needsQuote: RegExp;

  constructor(
    path: string,
    readonly format: CsvFormat,
  ) {
    this.path = path;
    this.fd = openSync(path, "w");
    this.needsQuote = format.delimiter === "," ? /[",\r\n]/ : /[";\r\n]/;
    if (format.encoding === "utf-8-bom") this.writeBytes(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** A line written exactly as given (metadata preambles, totals rows). */
  rawLine(text: string): number {
    const safe = this.format.encoding === "windows-1252" ? foldToWindows1252(text) : text;
    this.buffer += safe + this.format.eol;
    return this.endLine();
  }

  /** Writes a row and returns its 1-based line number in the file. */
  row(cells: readonly string[]): number {
    let line = "";
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) line += this.format.delimiter;
      line += this.quote(this.format.forPeople ? spreadsheetCell(cells[i]!) : cells[i]!);
    }
    this.buffer += line + this.format.eol;
    return this.endLine();
  }

  quote(value: string): string {
    const text = this.format.encoding === "windows-1252" ? foldToWindows1252(value) : value;
    return this.needsQuote.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  /** Writes are synchronous, so nothing ever piles up. */
  async drain(): Promise<void> {}

  /** Flushes and closes; returns the file's size in bytes. */
  async close(): Promise<number> {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }

  private endLine(): number {
    this.lines++;
    if (this.buffer.length >= CHUNK) this.flush();
    return this.lines;
  }

  private flush(): void {
    if (this.buffer === "") return;
    const bytes =
      this.format.encoding === "windows-1252"
        ? encodeWindows1252(this.buffer)
        : Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.writeBytes(bytes);
  }

  private writeBytes(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    this.bytes += bytes.length;
  }
}
