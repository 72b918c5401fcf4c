import { existsSync, readdirSync } from "node:fs";
import type { IngestResult } from "../loaders/ingest.ts";
import { type LoadedConfig, loadConfig, resolvePath } from "../warehouse/config.ts";
import { type DemoGenerateOptions, type DemoSummary, demoGenerate } from "./demo-generate.ts";
import { count, seconds } from "./format.ts";
import { ingest } from "./ingest.ts";
import { type InitResult, init } from "./init.ts";
import { type Progress, silent } from "./progress.ts";
import { type RunReport, run } from "./run.ts";
import { buildSite, type SiteBuildResult } from "./site/build.ts";

export interface DemoOptions extends Omit<DemoGenerateOptions, "out" | "truth"> {
  /** Build the site at the end (default true). */
  site?: boolean;
  /** Called with the ingest's results as soon as they are in, before the run starts. */
  onIngested?: (results: IngestResult[]) => void;
}

export interface DemoResult {
  init: InitResult;
  /** The generator's summary; null when the inbox already held extracts, which were used instead. */
  generated: DemoSummary | null;
  ingested: IngestResult[];
  run: RunReport;
  site: SiteBuildResult | null;
  seconds: number;
}

/**
 * `slm demo`: the whole path on the demo institution in the project folder `root`: initialise what is
 * missing, generate the extracts into an empty inbox (or use those there), ingest, run, build the site.
 * Takes the folder, not a configuration, because it writes the configuration first (`configFile`: the one
 * to read instead of the folder's own).
 */
export async function demo(
  project: { root: string; configFile?: string | undefined },
  options: DemoOptions,
  onProgress: Progress = silent,
): Promise<DemoResult> {
  const started = performance.now();
  const initialised = init(project.root, { ifMissing: true });
  if (initialised.config.created || initialised.secret.created)
    onProgress("initialised slm.config.json and the pseudonymisation key");
  const loaded: LoadedConfig = loadConfig(project.root, project.configFile);
  const inbox = resolvePath(loaded, loaded.config.paths.inbox);
  let generated: DemoSummary | null = null;
  if (!existsSync(inbox) || readdirSync(inbox).length === 0) {
    generated = await demoGenerate(loaded, options);
    onProgress(
      `generated ${generated.files.length} files for ${count(generated.persons)} persons in ${seconds(generated.seconds)}`,
    );
  } else {
    onProgress(`using the extracts already in ${loaded.config.paths.inbox} (empty it to generate anew)`);
  }
  const ingested = await ingest(loaded, {}, onProgress);
  options.onIngested?.(ingested);
  const report = await run(loaded, {}, onProgress);
  onProgress(`pipelines: ${report.models.length} models in ${seconds(report.seconds)}`);
  let site: SiteBuildResult | null = null;
  if (options.site !== false) {
    site = await buildSite(
      resolvePath(loaded, loaded.config.paths.publish),
      () => undefined,
      resolvePath(loaded, loaded.config.paths.site),
    );
    onProgress(`site built in ${seconds(site.seconds)}: ${site.dist}`);
  }
  const total = (performance.now() - started) / 1000;
  onProgress(`demo done in ${seconds(total)}`);
  return { init: initialised, generated, ingested, run: report, site, seconds: total };
}
