import type { DemoProgress, DemoSummary } from "../demo/generate.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { RequestError } from "./errors.ts";

export interface DemoGenerateOptions {
  persons: number;
  seed: number;
  years?: number | undefined;
  dirtRate?: number | undefined;
  lastCycle?: number | undefined;
  country?: "se" | "nl" | "both" | undefined;
  /** Where the extracts go (default: the configured inbox). */
  out?: string | undefined;
  /** Where the planted truth goes (default: the configured truth folder). */
  truth?: string | undefined;
  /** The generator's own progress, phase by phase (persons, files), for a progress bar. */
  onStep?: ((step: DemoProgress) => void) | undefined;
}

export type { DemoProgress, DemoSummary } from "../demo/generate.ts";

/** `slm demo generate`: writes the demo institution's extracts and its planted truth (same seed, same bytes). */
export async function demoGenerate(loaded: LoadedConfig, options: DemoGenerateOptions): Promise<DemoSummary> {
  // Loaded on demand: the generator is large and most operations never need it.
  const { generateDemo } = await import("../demo/generate.ts");
  try {
    return await generateDemo(
      {
        persons: options.persons,
        seed: options.seed,
        years: options.years,
        dirtRate: options.dirtRate,
        lastCycle: options.lastCycle,
        country: options.country,
        out: options.out ?? resolvePath(loaded, loaded.config.paths.inbox),
        truthOut: options.truth ?? resolvePath(loaded, loaded.config.paths.truth),
      },
      options.onStep,
    );
  } catch (error) {
    // The generator reports impossible option combinations (e.g. cycles before 2010) as RangeError.
    throw error instanceof RangeError ? new RequestError(error.message) : error;
  }
}
