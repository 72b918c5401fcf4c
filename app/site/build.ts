import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { claimFolder, makeOwnedFolder, markOwned, removeOwned } from "../../warehouse/owned-folder.ts";
import { NotReadyError, SiteBuildError } from "../errors.ts";
import { withSiteBuildLock } from "./build-lock.ts";
import { holdRelease } from "./hold-release.ts";
import { invalidateChangedLoaders, type LoaderReuse } from "./loader-cache.ts";
import { seedNpmVersionCache } from "./offline-npm.ts";
import { PROJECT_ROOT, SITE_CACHE } from "./paths.ts";
import { precompress } from "./precompress.ts";
import { LOADER_OUTPUTS, LOADERS, runLoaders } from "./run-loaders.ts";
import { builtFrom, siteFingerprint, stampBuiltFrom } from "./site-fingerprint.ts";

export interface SiteBuildResult extends LoaderReuse {
  dist: string;
  seconds: number;
  /** Nothing the site is built from changed since the build in `dist`: it was kept as it is. */
  unchanged: boolean;
}

function observableBin(): string {
  const require = createRequire(join(PROJECT_ROOT, "package.json"));
  return join(require.resolve("@observablehq/framework/package.json"), "..", "dist", "bin", "observable.js");
}

/** Drops the data loaders' cached outputs and compressed copies (but not the bundled node_modules). */
function clearLoaderOutputs(): void {
  if (!existsSync(SITE_CACHE)) return;
  for (const name of readdirSync(SITE_CACHE)) {
    if (name !== "_node" && name !== "_npm") rmSync(join(SITE_CACHE, name), { recursive: true, force: true });
  }
}

/** Where a build keeps its copy of the release it reads; one build runs at a time (build-lock.ts). */
const RELEASE_COPY = join(dirname(SITE_CACHE), "slm-release");

/**
 * Drops what site builds keep of the data they read (the release copy, the data loaders' cached
 * outputs), under the build lock: after an erasure, nothing from before it may stay on disk.
 */
export async function forgetBuildData(onLine: (line: string) => void): Promise<void> {
  await withSiteBuildLock(onLine, async () => {
    removeOwned(RELEASE_COPY, "release-copy");
    clearLoaderOutputs();
  });
}

/**
 * Builds the static site from the published files, with no network (DESIGN §8), into a fresh folder
 * that then replaces the output folder whole: a server or reader of the old site never sees half of
 * the new one, and files of an earlier build never collide with this one's. The output folder is
 * replaced only when the product made it (or it is empty); `fix` says what to do otherwise.
 */
export async function buildSite(
  publishDir: string,
  onLine: (line: string) => void,
  outDir: string,
  fix = "point paths.site in slm.config.json at a new or empty folder, or move this one away",
): Promise<SiteBuildResult> {
  if (!existsSync(join(publishDir, "_manifest.json"))) {
    throw new NotReadyError(`no published data in ${publishDir}: run \`slm run\` first`);
  }
  // Refused before a minute of building, and again before the swap.
  claimFolder(outDir, "site", fix);
  return withSiteBuildLock(onLine, async () => {
    const building = `${outDir}.building-${process.pid}`;
    const old = `${outDir}.old-${process.pid}`;
    // Left by an earlier build whose process had our id and was killed; anything else is refused.
    for (const leftover of [building, old]) {
      removeOwned(leftover, "site");
      claimFolder(leftover, "site", "move it away and build again");
    }
    const started = performance.now();
    makeOwnedFolder(building, "site");
    try {
      const release = holdRelease(publishDir, RELEASE_COPY);
      // The same release and the same pages build the same site: the one in outDir is kept.
      const fingerprint = siteFingerprint(release);
      if (builtFrom(outDir) === fingerprint) {
        onLine("nothing changed since the last build (same release, same pages): site kept as it is");
        return {
          dist: outDir,
          seconds: (performance.now() - started) / 1000,
          rerun: [],
          reused: [],
          unchanged: true,
        };
      }
      // Framework empties its output folder first (when it lies in the package), marker and all: it
      // builds into a folder inside ours, which a killed or failed build leaves to be removed as ours.
      const site = join(building, "site");
      const result = await frameworkBuild(release, onLine, site);
      markOwned(site, "site");
      stampBuiltFrom(site, fingerprint);
      if (claimFolder(outDir, "site", fix) !== "absent") renameSync(outDir, old);
      renameSync(site, outDir);
      removeOwned(old, "site");
      return { ...result, dist: outDir };
    } finally {
      removeOwned(building, "site");
      removeOwned(RELEASE_COPY, "release-copy");
    }
  });
}

async function frameworkBuild(
  publishDir: string,
  onLine: (line: string) => void,
  outDir: string,
): Promise<SiteBuildResult> {
  const started = performance.now();
  // Only the loaders whose release files (or code) changed run again (loader-cache.ts).
  const reuse = invalidateChangedLoaders(publishDir);
  onLine(`data files: ${reuse.reused.length} unchanged, ${reuse.rerun.length} to load`);
  seedNpmVersionCache();
  const env = {
    ...process.env,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    // The build's own copy of one release, read to the end whatever `slm run` publishes meanwhile.
    SLM_PUBLISH_DIR: publishDir,
    SLM_SITE_OUT: outDir,
    NO_COLOR: "1",
  };
  if (reuse.rerun.length > 0) {
    const loading = performance.now();
    const failed = await runLoaders({ loaders: LOADERS, outputs: LOADER_OUTPUTS, targets: reuse.rerun, env });
    const seconds = ((performance.now() - loading) / 1000).toFixed(1);
    onLine(
      `data files loaded in ${seconds} s${failed.length > 0 ? `; left to Framework, which reports why: ${failed.join(", ")}` : ""}`,
    );
  }
  const output: string[] = [];
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, [observableBin(), "build"], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) {
          if (line.trim() === "") continue;
          output.push(line);
          onLine(line);
        }
      });
    }
    child.on("error", fail);
    child.on("close", (exit) => done(exit ?? 1));
  });
  if (code !== 0) {
    throw new SiteBuildError(`site build failed (exit ${code}):\n${output.slice(-15).join("\n")}`, true);
  }
  const { files, compressed } = await precompress(outDir, join(SITE_CACHE, "compressed"));
  onLine(`compressed copies (.br, .gz): ${files} files, ${compressed} compressed anew`);
  return { dist: outDir, seconds: (performance.now() - started) / 1000, ...reuse, unchanged: false };
}
