import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package folder holding observablehq.config.ts and src/ (the site is built into the config's paths.site). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SITE_CACHE = join(PROJECT_ROOT, "src", ".observablehq", "cache");
