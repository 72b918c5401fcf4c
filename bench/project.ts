import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { init } from "../app/init.ts";
import type { RunStep } from "../app/run.ts";
import type { ExportedFile } from "../pipelines/export.ts";
import type { RunResult } from "../pipelines/runner.ts";
import { CONFIG_FILE, type LoadedConfig, loadConfig } from "../warehouse/config.ts";

/**
 * The bench's project: its cache folder, with a configuration naming the files there (inbox, warehouse,
 * publish, site, truth, key) and the warehouse's memory limit. DuckDB's own default takes 80% of the machine;
 * the target is a peak of 3 GB at 1M persons, so the warehouse gets 2.5 GB and spills to disk beyond it (DuckDB
 * overshoots its limit a little, and the rest of the process adds a few hundred MB). With 3 GB the 1M run peaked at
 * 3,391 MB, with 2.5 GB at 3,017 MB, pipelines 135.3 s against 129.3 s (one run each, 2026-12-06). The reference
 * date is fixed, so every bench computes as of the same day.
 */
export function benchProject(dir: string, memoryLimit: string): LoadedConfig {
  const config = {
    paths: {
      warehouse: "warehouse.duckdb",
      inbox: "inbox",
      publish: "publish",
      site: "site",
      truth: "truth",
      secret: ".secret",
      profiles: "profiles",
    },
    warehouse: { memoryLimit, threads: 2 },
    referenceDate: "2026-11-23",
  };
  writeFileSync(join(dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  // The key, made once per cache folder (as `slm init` does for a project).
  init(dir, { ifMissing: true });
  return loadConfig(dir);
}

/** Rows and a note for a measured step of the run: the models built, or the tables published. */
export function describeStep(step: RunStep, value: unknown): { rows: number; note: string } | undefined {
  if (step === "models") {
    const run = value as RunResult;
    return { rows: run.models.reduce((sum, m) => sum + m.rows, 0), note: `${run.models.length} models` };
  }
  if (step === "publish") {
    const exported = value as ExportedFile[];
    return { rows: exported.reduce((sum, e) => sum + e.rows, 0), note: `${exported.length} tables` };
  }
  return undefined;
}
