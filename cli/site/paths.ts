import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder holding observablehq.config.ts, src/ and dist/. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SITE_DIST = join(PROJECT_ROOT, "dist");
export const SITE_CACHE = join(PROJECT_ROOT, "src", ".observablehq", "cache");
