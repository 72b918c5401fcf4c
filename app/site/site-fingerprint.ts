import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { OWNED_MARKER } from "../../warehouse/owned-folder.ts";
import { PROJECT_ROOT } from "./paths.ts";

/** Beside the built site: what it was built from. */
const STAMP = ".slm-built-from";

/** Code a built site depends on outside src/: its configuration, the footer, and how a release is read. */
const CODE = [
  "observablehq.config.ts",
  "app/site/footer.ts",
  "pipelines/published.ts",
  "pipelines/metrics/registry.ts",
  "pipelines/disclosure/settings.ts",
  "package-lock.json",
];

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    // Framework's cache is what the build makes, not what it is made from; the owner marker names a process.
    if (entry.name === ".observablehq" || entry.name === OWNED_MARKER) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * A hash of everything a site build reads: the release's files, the pages and loaders (src/), the code
 * above, and the day (the Data quality page states the build day). Equal hashes build the same site.
 */
export function siteFingerprint(release: string): string {
  const hash = createHash("sha256").update(new Date().toISOString().slice(0, 10));
  const files = [
    ...filesUnder(release),
    ...filesUnder(join(PROJECT_ROOT, "src")),
    ...CODE.map((file) => join(PROJECT_ROOT, file)),
  ];
  for (const file of files) {
    const name = file.startsWith(release)
      ? `release/${relative(release, file)}`
      : relative(PROJECT_ROOT, file);
    hash.update(`\u0000${name}\u0000`).update(existsSync(file) ? readFileSync(file) : "(absent)");
  }
  return hash.digest("hex");
}

/** Every file of a built site (but the stamp) with its size and modification time. */
function listing(dir: string): Record<string, [number, number]> {
  const files: Record<string, [number, number]> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === STAMP) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(path);
    files[relative(dir, path)] = [size, mtimeMs];
  }
  return files;
}

const stampSchema = z.object({
  fingerprint: z.string(),
  files: z.record(z.string(), z.tuple([z.number(), z.number()])),
});

/**
 * The fingerprint the site in `dir` was built from, or null: not built by this version, or a file in it
 * added, removed or changed since (a site kept as it is must be exactly the one the build wrote).
 */
export function builtFrom(dir: string): string | null {
  const stamp = join(dir, STAMP);
  if (!existsSync(stamp)) return null;
  let parsed: ReturnType<typeof stampSchema.safeParse>;
  try {
    parsed = stampSchema.safeParse(JSON.parse(readFileSync(stamp, "utf8")));
  } catch {
    return null; // not JSON: not a stamp this version wrote
  }
  if (!parsed.success) return null;
  return isDeepStrictEqual(parsed.data.files, listing(dir)) ? parsed.data.fingerprint : null;
}

export function stampBuiltFrom(dir: string, fingerprint: string): void {
  writeFileSync(join(dir, STAMP), `${JSON.stringify({ fingerprint, files: listing(dir) })}\n`);
}
