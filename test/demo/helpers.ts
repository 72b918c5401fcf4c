/** Reading the demo's extracts back the way a careful loader would, for the tests. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeWindows1252 } from "../../loaders/encoding/windows1252.ts";
import { parseCsv } from "../helpers/csv.ts";

export { parseCsv };

export interface Extract {
  header: string[];
  /** Data rows with their 1-based physical line number (as the truth records it). */
  rows: { line: number; cells: string[]; get: (column: string) => string }[];
  preamble: string[][];
}

export function decode(bytes: Buffer, encoding: "utf-8" | "windows-1252"): string {
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads an extract: `skip` preamble lines, then the header, then rows (a trailing "Totalt" line dropped). */
export function readExtract(
  path: string,
  opts: { delimiter: string; encoding: "utf-8" | "windows-1252"; skip?: number },
): Extract {
  const records = parseCsv(decode(readFileSync(path), opts.encoding), opts.delimiter);
  const skip = opts.skip ?? 0;
  const header = records[skip]!;
  const index = new Map(header.map((h, i) => [h, i]));
  const rows = records.slice(skip + 1).flatMap((cells, i) => {
    if (cells[0] === "Totalt" && cells.length === 2) return [];
    const get = (column: string) => {
      const at = index.get(column);
      if (at === undefined) throw new Error(`${path}: no column ${column}`);
      return cells[at] ?? "";
    };
    return [{ line: skip + 2 + i, cells, get }];
  });
  return { header, rows, preamble: records.slice(0, skip) };
}

export interface TruthRecord {
  file: string;
  line: number;
  kind: string;
  key: string;
  person: string;
  dirt: string[];
}

export function readTruthRecords(truthDir: string): Map<string, TruthRecord> {
  const rows = parseCsv(readFileSync(join(truthDir, "records.csv"), "utf8"), ",").slice(1);
  const map = new Map<string, TruthRecord>();
  for (const [file, line, kind, key, person, dirt] of rows) {
    map.set(`${file}:${line}`, {
      file: file!,
      line: Number(line),
      kind: kind!,
      key: key!,
      person: person!,
      dirt: dirt ? dirt.split("|") : [],
    });
  }
  return map;
}

/** SHA-256 of every file under a folder, by name. */
export function hashFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort())
    out[name] = createHash("sha256")
      .update(readFileSync(join(dir, name)))
      .digest("hex");
  return out;
}

export function fileStartingWith(dir: string, prefix: string): string {
  const name = readdirSync(dir)
    .sort()
    .filter((f) => f.startsWith(prefix));
  if (name.length === 0) throw new Error(`no file ${prefix}* in ${dir}`);
  return join(dir, name[name.length - 1]!);
}

/** Whether a binomial proportion is within `z` standard errors of the planted rate. */
export function withinSamplingError(successes: number, trials: number, planted: number, z = 4): boolean {
  const se = Math.sqrt((planted * (1 - planted)) / trials);
  return Math.abs(successes / trials - planted) <= z * se;
}
