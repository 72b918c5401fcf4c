import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PhaseResult } from "./measure.ts";

export interface Target {
  target: string;
  limit: string;
  measured: string;
  met: boolean | null;
}

const seconds = (results: PhaseResult[], phase: string) =>
  results.find((r) => r.phase === phase)?.seconds ?? 0;

/** Ingest to built site: the path an analyst waits for once the files are there. */
export function wholePathSeconds(results: PhaseResult[]): number {
  return ["ingest", "pipelines", "publish", "site build"].reduce((sum, p) => sum + seconds(results, p), 0);
}

/**
 * The bench issue's targets against this run. The absolute limits are stated for 1,000,000 persons;
 * at a smaller scale they are shown for reference, and growth is compared with the 100k results
 * when the 1m run finds them beside it.
 */
export function evaluateTargets(
  scale: string,
  results: PhaseResult[],
  ingestRatio: number,
  incrementalShare: number,
  benchRoot: string,
): Target[] {
  const peak = Math.max(...results.filter((r) => r.phase !== "generate").map((r) => r.peakRssMb));
  const whole = wholePathSeconds(results);
  const at1m = scale === "1m";
  const check = (ok: boolean) => (at1m ? ok : null);
  const targets: Target[] = [
    {
      target: "ingest / bare read_csv",
      limit: "<= 1.5",
      measured: ingestRatio.toFixed(2),
      met: check(ingestRatio <= 1.5),
    },
    {
      target: "identity",
      limit: "<= 60 s",
      measured: `${seconds(results, "  of which identity").toFixed(1)} s`,
      met: check(seconds(results, "  of which identity") <= 60),
    },
    {
      target: "all pipelines",
      limit: "<= 120 s",
      measured: `${seconds(results, "pipelines").toFixed(1)} s`,
      met: check(seconds(results, "pipelines") <= 120),
    },
    {
      target: "whole path, ingest to built site",
      limit: "<= 300 s",
      measured: `${whole.toFixed(1)} s`,
      met: check(whole <= 300),
    },
    { target: "peak RSS", limit: "<= 4096 MB", measured: `${peak} MB`, met: check(peak <= 4096) },
    {
      target: "incremental run after a 1% daily extract",
      limit: "<= 15% of the full run",
      measured: `${(incrementalShare * 100).toFixed(1)}%`,
      met: incrementalShare <= 0.15,
    },
  ];
  const smaller = join(benchRoot, "results", "100k.json");
  if (at1m && existsSync(smaller)) {
    const previous = JSON.parse(readFileSync(smaller, "utf8")) as { phases: PhaseResult[] };
    const ratio = whole / Math.max(wholePathSeconds(previous.phases), 1e-9);
    targets.push({
      target: "growth from 100k to 1m (whole path)",
      limit: "<= 12x",
      measured: `${ratio.toFixed(1)}x`,
      met: ratio <= 12,
    });
  }
  return targets;
}

export function targetsTable(targets: Target[]): string {
  const mark = (met: boolean | null) => (met === null ? "(limit is for 1m)" : met ? "met" : "NOT met");
  return `${[
    "| target | limit | measured | |",
    "|---|---|---:|---|",
    ...targets.map((t) => `| ${t.target} | ${t.limit} | ${t.measured} | ${mark(t.met)} |`),
  ].join("\n")}\n`;
}
