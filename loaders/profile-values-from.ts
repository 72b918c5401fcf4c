import { readFileSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { splitCsvLine, textLines } from "./csv/header.ts";
import { decodeToString, detectEncoding } from "./encoding/detect.ts";
import { findHeader } from "./profile-header.ts";
import { besideProfile } from "./profile-paths.ts";

export interface ValuesFromSpec {
  file: string;
  from: string;
  to: string;
}

/** A lookup is a code list, not an extract: anything larger is almost certainly the wrong file. */
const MAX_LOOKUP_BYTES = 32 << 20;

const DELIMITERS = [",", ";", "\t", "|"];

/**
 * The value map a lookup file beside the profile holds: its `from` column's values to its `to`
 * column's, header on the first line, any of the usual delimiters and encodings. A lookup that maps one
 * value two ways, or cannot be read, is the profile's problem (returned, one line, without the file's
 * values), so the profile is refused rather than loading with half a map.
 */
export function lookupValues(
  spec: ValuesFromSpec,
  profileFile: string,
): { values: Record<string, string> } | { problem: string } {
  const found = besideProfile(spec.file, dirname(profileFile), dirname(profileFile));
  if ("problem" in found) return found;
  const name = basename(spec.file);
  if (statSync(found.path).size > MAX_LOOKUP_BYTES) {
    return { problem: `"${name}" is over ${MAX_LOOKUP_BYTES >> 20} MB; a lookup holds one line per value` };
  }
  const bytes = readFileSync(found.path);
  let text: string;
  try {
    text = decodeToString(bytes, detectEncoding(bytes, { complete: true }));
  } catch {
    return { problem: `"${name}" is not readable text (save it as UTF-8 CSV)` };
  }
  const lines = textLines(text);
  const headerLine = lines[0] ?? "";
  for (const delimiter of DELIMITERS) {
    const header = splitCsvLine(headerLine, delimiter, '"').map((cell) => cell.trim());
    const fromIndex = findHeader(header, spec.from);
    const toIndex = findHeader(header, spec.to);
    if (fromIndex < 0 || toIndex < 0) continue;
    const values: Record<string, string> = {};
    for (const [index, line] of lines.entries()) {
      if (index === 0 || line.trim() === "") continue;
      const cells = splitCsvLine(line, delimiter, '"');
      const from = cells[fromIndex]?.trim() ?? "";
      const to = cells[toIndex]?.trim() ?? "";
      // A cell read empty is never looked up (values are trimmed, empty means none).
      if (from === "") continue;
      if (from in values && values[from] !== to) {
        return {
          problem: `"${name}" line ${index + 1}: a value of "${spec.from}" is mapped a second time, differently`,
        };
      }
      values[from] = to;
    }
    return { values };
  }
  return { problem: `"${name}": no header line naming both "${spec.from}" and "${spec.to}" (from and to)` };
}
