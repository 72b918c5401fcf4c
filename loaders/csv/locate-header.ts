import { findHeader } from "../profile-header.ts";
import { splitCsvLine } from "./header.ts";

/** A header's place in a text file: its physical line (1-based) and the delimiter that splits it. */
export interface HeaderPlace {
  line: number;
  delimiter: string;
}

const DELIMITERS = [",", ";", "\t", "|"];
/** How far below the profile's header line a moved header is looked for (report lines added above it). */
export const LINES_BELOW = 10;

/** A delimiter as a message names it. */
export function delimiterName(delimiter: string): string {
  return delimiter === "\t" ? "TAB" : `"${delimiter}"`;
}

function cells(line: string | undefined, delimiter: string, quote: string): string[] {
  return line === undefined ? [] : splitCsvLine(line, delimiter, quote).map((cell) => cell.trim());
}

function matches(header: string[], names: string[]): number {
  return names.filter((name) => findHeader(header, name) >= 0).length;
}

/** Whether a row's cells hold any of the profile's column names: then it is the header the profile means. */
export function holdsAny(header: string[], names: string[]): boolean {
  return names.some((name) => findHeader(header, name) >= 0);
}

/**
 * The candidate that holds the most of the profile's names, when it holds at least half of them (two at least,
 * when the profile has two) and no other candidate holds as many; else null.
 */
export function bestHeader<T>(
  candidates: Iterable<{ place: T; cells: string[] }>,
  names: string[],
): T | null {
  const needed = Math.max(Math.min(2, names.length), Math.ceil(names.length / 2));
  let best: T | null = null;
  let bestScore = 0;
  let tied = false;
  for (const { place, cells } of candidates) {
    const score = matches(cells, names);
    if (score > bestScore) {
      best = place;
      bestScore = score;
      tied = false;
    } else if (score === bestScore && score > 0) tied = true;
  }
  return bestScore >= needed && !tied ? best : null;
}

/**
 * Where the header is when the profile's line and delimiter hold none of the profile's column names: the
 * same export saved again from Excel in a Swedish or Dutch locale is split by ";", and a report whose lines
 * above the header were deleted (or gained one) has it on another line. Another place is taken only as
 * bestHeader allows: otherwise the profile's place stands and the column mapping says what is missing.
 * `first` is the first line a header may be on (below Excel's `sep=` line).
 */
export function locateHeader(
  lines: string[],
  declared: HeaderPlace,
  quote: string,
  names: string[],
  first = 1,
): HeaderPlace {
  if (names.length === 0 || holdsAny(cells(lines[declared.line - 1], declared.delimiter, quote), names)) {
    return declared;
  }
  const last = Math.min(lines.length, declared.line + LINES_BELOW);
  const delimiters = [declared.delimiter, ...DELIMITERS.filter((d) => d !== declared.delimiter)];
  const candidates = function* () {
    for (let line = first; line <= last; line++) {
      for (const delimiter of delimiters) {
        yield { place: { line, delimiter }, cells: cells(lines[line - 1], delimiter, quote) };
      }
    }
  };
  return bestHeader(candidates(), names) ?? declared;
}
