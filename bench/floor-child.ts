/**
 * The floor in a process of its own (`bench/run.ts` spawns this), like the baselines, so its in-memory rows do
 * not count in the warehouse's peak memory. Prints {seconds, peakRssMb, ...FloorResult} as JSON.
 */
import { expandInputs } from "../loaders/ingest.ts";
import { loadProfiles, matchProfile } from "../loaders/profile.ts";
import { floorAnswers, floorSources, summariseFloor } from "./floor.ts";

const [inbox] = process.argv.slice(2);
if (!inbox) throw new Error("usage: floor-child.ts <inbox>");
const profiles = await loadProfiles();
const files = expandInputs([inbox])
  .filter((file) => matchProfile(profiles, file))
  .map((path) => ({ path, profile: matchProfile(profiles, path)! }));
const sources = await floorSources(files);
const started = performance.now();
const answers = await floorAnswers(sources);
process.stdout.write(
  `${JSON.stringify({
    ...summariseFloor(answers),
    files: sources.length,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
