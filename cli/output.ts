import { count, printable } from "../app/format.ts";

export { printable };

/** Progress and summaries go to stderr; stdout carries only the result, so `--json` stays parseable. */
export function progress(line: string): void {
  process.stderr.write(`${printable(line)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export { count, seconds } from "../app/format.ts";

/** A plain-text table with right-aligned numbers, for humans reading a terminal. */
export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return "(none)\n";
  const keys = columns ?? Object.keys(rows[0]!);
  const cells = rows.map((row) =>
    keys.map((key) => {
      const value = row[key];
      return value === null || value === undefined
        ? ""
        : typeof value === "number"
          ? count(value)
          : printable(String(value));
    }),
  );
  const numeric = keys.map((key) => rows.every((row) => typeof row[key] === "number" || row[key] === null));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((row) => row[i]!.length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [
    keys.map(pad).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((row) => row.map(pad).join("  ")),
  ];
  return `${lines.map((line) => line.trimEnd()).join("\n")}\n`;
}

/** A one-line bar redrawn in place on a terminal; plain lines at intervals when stderr is a file. */
export class ProgressBar {
  private lastPrint = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number, detail = ""): void {
    const now = Date.now();
    // A terminal can take a redraw five times a second; a log file wants a line every few seconds.
    const interval = process.stderr.isTTY ? 200 : 2000;
    if (now - this.lastPrint < interval && done < this.total) return;
    this.lastPrint = now;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const line = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${count(done)}/${count(this.total)} ${detail}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(`${line}\n`);
  }

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write("\n");
  }
}

/**
 * `slm quality | head`: the reader went away before slm finished writing, which is not an error of
 * ours, so the process ends with the exit code it already has instead of an EPIPE stack trace.
 */
export function endQuietlyWhenReaderLeaves(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}
