import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PhaseResult } from "../../bench/measure.ts";
import { evaluateTargets, floorBound } from "../../bench/targets.ts";
import { tempProject } from "../helpers/project.ts";

const phase = (name: string, seconds: number, peakRssMb = 500): PhaseResult => ({
  phase: name,
  seconds,
  rows: null,
  rowsPerSecond: null,
  peakRssMb,
});

const RESULTS = [
  phase("floor: the answers from one bare DuckDB script", 4, 9000),
  phase("ingest", 5),
  phase("pipelines", 6, 2000),
  phase("publish", 1),
  phase("run, nothing changed", 0.8),
  phase("site build", 10),
];

describe("bench targets (the perf issue's)", () => {
  const root = tempProject("slm-bench-targets-");
  afterAll(() => root.remove());
  const inputs = {
    ingestRatio: 2,
    ingestToReference: 1.2,
    floorSeconds: 4,
    incrementalShare: 0.04,
    benchRoot: root.dir,
  };
  const byName = (scale: string) =>
    Object.fromEntries(evaluateTargets(scale, RESULTS, inputs).map((t) => [t.target, t]));

  it("(ingest + run) / floor is ingest + pipelines + publish over the floor, checked at 100k", () => {
    const targets = byName("100k");
    expect(targets["(ingest + run) / floor"]).toMatchObject({ measured: "3.00", met: true });
    expect(targets["a run with nothing changed"]).toMatchObject({ measured: "0.80 s", met: true });
    expect(targets["incremental run after a 1% daily extract"]).toMatchObject({
      measured: "4.0%",
      met: true,
    });
    // absolute limits are for 1m; the floor's own process does not count in the product's peak memory
    expect(targets.pipelines!.met).toBeNull();
    expect(targets["peak RSS"]!.measured).toBe("2000 MB");
  });

  it("at 1m: absolute limits, and growth per phase against the 100k results beside it", () => {
    mkdirSync(join(root.dir, "results"));
    const previous = [
      phase("ingest", 0.4),
      phase("pipelines", 0.6),
      phase("publish", 0.1),
      phase("site build", 2),
    ];
    writeFileSync(join(root.dir, "results", "100k.json"), JSON.stringify({ phases: previous }));
    const targets = byName("1m");
    expect(targets.pipelines).toMatchObject({ measured: "6.0 s", met: true });
    expect(targets["whole path, ingest to built site"]).toMatchObject({ measured: "22.0 s", met: true });
    expect(targets["growth from 100k to 1m: ingest"]).toMatchObject({ measured: "12.5x", met: false });
    expect(targets["growth from 100k to 1m: site build"]).toMatchObject({ measured: "5.0x", met: true });
    expect(targets["a run with nothing changed"]!.met).toBeNull();
  });

  it("states what the floor ratio cannot go below: the bare read into a file over the floor", () => {
    // floor 1.5 s, read into a file 3.6 s, ingest + run 27.6 s: 2.40x the floor before any check or model;
    // 3.0 would leave 4.5 - 3.6 = 0.9 s for the 24.0 s the rest takes
    const note = floorBound(3.6, 1.5, 27.6);
    expect(note).toContain("takes 2.40x the floor");
    expect(note).toContain("leave 0.9 s for");
    expect(note).toContain("which take 24.0 s in this run");
    expect(floorBound(8, 2, 20)).toContain("leave nothing (less than 0 s) for");
  });
});
