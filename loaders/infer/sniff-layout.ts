import { separatorHint, splitCsvLine, textLines } from "../csv/header.ts";

const DELIMITERS = [";", ",", "\t", "|"] as const;
const SNIFF_LINES = 200;

export interface Layout {
  delimiter: string;
  /**
   * 1-based, as a profile's csv.headerLine counts (below an Excel `sep=` line); lines above it are
   * report metadata (a Ladok export's title and date).
   */
  headerLine: number;
  header: string[];
  /** 1 when the first line is Excel's `sep=` delimiter hint, which no line number counts. */
  hintLines: number;
}

function modal(counts: number[]): { value: number; lines: number } {
  const tally = new Map<number, number>();
  for (const count of counts) if (count > 1) tally.set(count, (tally.get(count) ?? 0) + 1);
  let best = { value: 1, lines: 0 };
  for (const [value, lines] of tally) if (lines > best.lines) best = { value, lines };
  return best;
}

/**
 * The delimiter is the candidate that splits the most lines into the same number of fields; the
 * header is the first line with that many fields, so metadata lines above it are skipped.
 */
export function sniffLayout(text: string): Layout {
  const all = textLines(text);
  const hint = separatorHint(all[0] ?? "");
  const hintLines = hint === null ? 0 : 1;
  const lines = all.slice(hintLines, SNIFF_LINES + hintLines);
  // The last line of a sample can be cut short.
  if (lines.length > 1) lines.pop();
  let chosen: { delimiter: string; value: number; lines: number } = { delimiter: ",", value: 1, lines: 0 };
  for (const delimiter of hint === null ? DELIMITERS : [hint]) {
    const counts = lines.map((line) => (line.trim() === "" ? 0 : splitCsvLine(line, delimiter, '"').length));
    const best = modal(counts);
    if (best.lines > chosen.lines) chosen = { delimiter, ...best };
  }
  const index = lines.findIndex(
    (line) => line.trim() !== "" && splitCsvLine(line, chosen.delimiter, '"').length === chosen.value,
  );
  const headerIndex = Math.max(0, index);
  const header = splitCsvLine(lines[headerIndex] ?? "", chosen.delimiter, '"').map((cell) => cell.trim());
  return { delimiter: chosen.delimiter, headerLine: headerIndex + 1, header, hintLines };
}
