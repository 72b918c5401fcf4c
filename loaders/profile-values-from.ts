import { readFileSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { splitCsvLine, textLines } from "./csv/header.ts";
import { readCsvRecords } from "./csv/read-records.ts";
import { decodeToString, detectEncoding } from "./encoding/detect.ts";
import { LoadError } from "./errors.ts";
import { findHeader } from "./profile-header.ts";
import { besideProfile } from "./profile-paths.ts";

export interface ValuesFromSpec {
  file: string;
  from: string;
  to: string;
}

type Lookup = { values: Record<string, string> } | { problem: string };

/** A lookup is a code list, not an extract: anything larger is almost certainly the wrong file. */
const MAX_LOOKUP_BYTES = 32 << 20;

const DELIMITERS = [",", ";", "\t", "|"];

/** The first delimiter whose split of the header line names both columns, or null. */
function delimiterNaming(headerLine: string, spec: ValuesFromSpec): string | null {
  for (const delimiter of DELIMITERS) {
    const header = splitCsvLine(headerLine, delimiter, '"').map((cell) => cell.trim());
    if (findHeader(header, spec.from) >= 0 && findHeader(header, spec.to) >= 0) return delimiter;
  }
  return null;
}

/**
 * The value map a lookup file beside the profile holds: its `from` column's values to its `to`
 * column's, header on the first line, any of the usual delimiters and encodings. The records are read
 * by DuckDB's CSV reader, as ingest reads an extract (quoted cells may hold delimiters and line breaks).
 * A lookup that maps one value two ways, has a line the reader refuses or of another width than the
 * header, or cannot be read, is the profile's problem (returned, one line, without the file's values),
 * so the profile is refused rather than loading with half a map.
 */
export async function lookupValues(spec: ValuesFromSpec, profileFile: string): Promise<Lookup> {
  const found = besideProfile(spec.file, dirname(profileFile), dirname(profileFile));
  if ("problem" in found) return found;
  const name = basename(spec.file);
  if (statSync(found.path).size > MAX_LOOKUP_BYTES) {
    return { problem: `"${name}" is over ${MAX_LOOKUP_BYTES >> 20} MB; a lookup holds one line per value` };
  }
  const bytes = readFileSync(found.path);
  let headerLine: string;
  try {
    headerLine = textLines(decodeToString(bytes, detectEncoding(bytes, { complete: true })))[0] ?? "";
  } catch {
    return { problem: `"${name}" is not readable text (save it as UTF-8 CSV)` };
  }
  const delimiter = delimiterNaming(headerLine, spec);
  if (delimiter === null)
    return { problem: `"${name}": no header line naming both "${spec.from}" and "${spec.to}" (from and to)` };
  try {
    return await readLookup(found.path, name, delimiter, spec);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    return { problem: `"${name}"${error.line === undefined ? "" : ` line ${error.line}`}: ${error.problem}` };
  }
}

async function readLookup(
  path: string,
  name: string,
  delimiter: string,
  spec: ValuesFromSpec,
): Promise<Lookup> {
  const read = await readCsvRecords(path, { delimiter, headerLine: 1 }, name);
  if (read.unclosedQuoteAt !== null)
    return { problem: `"${name}" line ${read.unclosedQuoteAt}: a quoted field is never closed` };
  const width = read.header.length;
  const fromIndex = findHeader(read.header, spec.from);
  const toIndex = findHeader(read.header, spec.to);
  const values: Record<string, string> = {};
  for (const { line, fields, cells, refused } of read.records) {
    // A line of blanks or bare delimiters maps nothing, as an empty line does.
    if (cells.length > 0 && cells.every((cell) => cell.trim() === "")) continue;
    if (refused !== undefined || fields !== width)
      return { problem: `"${name}" line ${line}: ${refused ?? `${fields} fields, the header has ${width}`}` };
    const from = cells[fromIndex]!.trim();
    const to = cells[toIndex]!.trim();
    // A cell read empty is never looked up (values are trimmed, empty means none).
    if (from === "") continue;
    if (from in values && values[from] !== to) {
      return {
        problem: `"${name}" line ${line}: a value of "${spec.from}" is mapped a second time, differently`,
      };
    }
    values[from] = to;
  }
  return { values };
}
