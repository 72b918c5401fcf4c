/**
 * The baselines run in a process of their own (`bench/run.ts` spawns this), so that DuckDB's in-memory
 * copy of every row, which the allocator does not hand back, does not count in the warehouse phases'
 * peak memory. Prints {rows, skipped, seconds, peakRssMb} as JSON.
 */
import { expandInputs } from "../loaders/ingest.ts";
import { loadProfiles, matchProfile } from "../loaders/profile.ts";
import { bareReadCsv } from "./baseline.ts";

const [inbox, database] = process.argv.slice(2);
if (!inbox || !database) throw new Error("usage: baseline-child.ts <inbox> <:memory:|file.duckdb>");
const profiles = await loadProfiles();
const files = expandInputs([inbox])
  .filter((file) => /\.(csv|txt|tsv)$/i.test(file) && matchProfile(profiles, file))
  .map((path) => ({ path, profile: matchProfile(profiles, path)! }));
const started = performance.now();
const result = await bareReadCsv(files, database);
process.stdout.write(
  `${JSON.stringify({
    ...result,
    files: files.length,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
