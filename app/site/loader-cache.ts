import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PROJECT_ROOT, SITE_CACHE } from "./paths.ts";
import { LOADER_OUTPUTS, LOADERS } from "./run-loaders.ts";

const FINGERPRINTS = join(SITE_CACHE, "slm-loader-inputs.json");

/**
 * Code every loader's output depends on besides its own file: the shared loader helpers, the columnar
 * codec, how a release is read (and the manifest's defaults), and the locked library versions.
 */
const SHARED = [
  "src/components/columnar.js",
  "pipelines/published.ts",
  "pipelines/published-file.ts",
  "pipelines/metrics/registry.ts",
  "pipelines/disclosure/settings.ts",
  "package-lock.json",
];

const fingerprintsSchema = z.record(z.string(), z.string());

export interface LoaderReuse {
  /** Data files whose loader runs in this build (its inputs changed, or it never ran). */
  rerun: string[];
  /** Data files kept from an earlier build: the loader and every file it reads are unchanged. */
  reused: string[];
}

function hashFiles(hash: ReturnType<typeof createHash>, files: string[]): void {
  for (const file of files) {
    hash.update(file).update("\u0000");
    hash.update(existsSync(file) ? readFileSync(file) : "(absent)").update("\u0000");
  }
}

/**
 * What one loader's output is a function of: its source, the shared code, and the published files it
 * names (a loader reads its table by name; publishedManifest() reads _manifest). A loader naming no
 * published file (built.json) depends on the day of the build.
 */
function fingerprint(loader: string, release: string, shared: string[]): string {
  const source = readFileSync(join(LOADERS, loader), "utf8");
  const tables = new Set(
    [...source.matchAll(/"([a-z_]+)"/g)]
      .map((m) => m[1]!)
      .filter((t) => existsSync(join(release, `${t}.json`))),
  );
  if (source.includes("publishedManifest")) tables.add("_manifest");
  const hash = createHash("sha256").update(source);
  const siblings = readdirSync(LOADERS)
    .filter((name) => !/\.json\.[jt]s$/.test(name))
    .map((name) => join(LOADERS, name));
  hashFiles(hash, [...shared, ...siblings.sort()]);
  hashFiles(
    hash,
    [...tables].sort().map((t) => join(release, `${t}.json`)),
  );
  if (tables.size === 0) hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest("hex");
}

/**
 * Framework re-runs a data loader only when the loader file is newer than its cached output, not when
 * the published file it reads changed. Drops the cached output of each loader whose inputs changed
 * since the build that made it, and keeps the rest: a rebuild of the same release runs no loader.
 */
export function invalidateChangedLoaders(release: string): LoaderReuse {
  const shared = SHARED.map((file) => join(PROJECT_ROOT, file));
  const before = existsSync(FINGERPRINTS)
    ? fingerprintsSchema.catch({}).parse(JSON.parse(readFileSync(FINGERPRINTS, "utf8")))
    : {};
  const after: Record<string, string> = {};
  const reuse: LoaderReuse = { rerun: [], reused: [] };
  for (const loader of readdirSync(LOADERS)
    .filter((name) => /\.json\.[jt]s$/.test(name))
    .sort()) {
    const target = loader.replace(/\.[jt]s$/, "");
    const output = join(LOADER_OUTPUTS, target);
    after[target] = fingerprint(loader, release, shared);
    if (before[target] === after[target] && existsSync(output)) {
      reuse.reused.push(target);
    } else {
      rmSync(output, { force: true });
      reuse.rerun.push(target);
    }
  }
  // Written before the build: a loader whose output was dropped runs whatever this build does next.
  mkdirSync(SITE_CACHE, { recursive: true });
  writeFileSync(FINGERPRINTS, `${JSON.stringify(after, null, 2)}\n`);
  return reuse;
}
