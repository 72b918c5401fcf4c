/** What every figure of the safety probe reports: rows of measured values, never an exception. */

export type Verdict = "ok" | "FAIL" | "info" | "not measured";

export interface FigureRow {
  measure: string;
  value: string | number | boolean | null;
  /** What the issue expects, as text ("0", "75", "survives"); empty when it is only informative. */
  expected: string;
  verdict: Verdict;
}

export interface Figure<D = unknown> {
  id: number;
  title: string;
  rows: FigureRow[];
  /** Lists and per-item results for the JSON output and the detail sections. */
  details: D;
  /** Set when the figure could not be measured at all (the reason, one line). */
  error?: string;
}

export function row(
  measure: string,
  value: FigureRow["value"],
  expected = "",
  pass?: boolean | null,
): FigureRow {
  const verdict: Verdict =
    pass === undefined ? "info" : pass === null ? "not measured" : pass ? "ok" : "FAIL";
  return { measure, value, expected, verdict };
}

/** Runs a figure's measurement; an exception becomes a "not measured" figure with its message. */
export async function measureFigure<D>(
  id: number,
  title: string,
  measure: () => Promise<{ rows: FigureRow[]; details: D }>,
): Promise<Figure<D | null>> {
  try {
    const { rows, details } = await measure();
    return { id, title, rows, details };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id,
      title,
      rows: [row("measurement", `error: ${message.split("\n")[0]}`, "", null)],
      details: null,
      error: message,
    };
  }
}

/** A plain-text table, columns padded, numbers right-aligned. */
export function textTable(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return "(none)\n";
  const cells = rows.map((r) =>
    columns.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))),
  );
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === "number"));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  return `${[
    columns.map(pad).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((r) => r.map(pad).join("  ")),
  ]
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}
