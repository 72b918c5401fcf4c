import { spawn } from "node:child_process";
import { existsSync, readdirSync, realpathSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { CliError } from "../errors.ts";
import { withSiteBuildLock } from "./build-lock.ts";
import { seedNpmVersionCache } from "./offline-npm.ts";
import { PROJECT_ROOT, SITE_CACHE } from "./paths.ts";

export interface SiteBuildResult {
  dist: string;
  seconds: number;
}

function observableBin(): string {
  const require = createRequire(join(PROJECT_ROOT, "package.json"));
  return join(require.resolve("@observablehq/framework/package.json"), "..", "dist", "bin", "observable.js");
}

/**
 * Framework re-runs a data loader only when the loader file changes, not when the published file it
 * reads does; dropping the cached outputs (but not the bundled node_modules) makes every build fresh.
 */
function clearLoaderOutputs(): void {
  if (!existsSync(SITE_CACHE)) return;
  for (const name of readdirSync(SITE_CACHE)) {
    if (name !== "_node" && name !== "_npm") rmSync(join(SITE_CACHE, name), { recursive: true, force: true });
  }
}

/**
 * Builds the static site from the published files, with no network (DESIGN §8), into a fresh folder
 * that then replaces the output folder whole: a server or reader of the old site never sees half of
 * the new one, and files of an earlier build never collide with this one's.
 */
export async function buildSite(
  publishDir: string,
  onLine: (line: string) => void,
  outDir: string,
): Promise<SiteBuildResult> {
  if (!existsSync(join(publishDir, "_manifest.json"))) {
    throw new CliError(`no published data in ${publishDir}: run \`slm run\` first`);
  }
  return withSiteBuildLock(onLine, async () => {
    const building = `${outDir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    try {
      const result = await frameworkBuild(publishDir, onLine, building);
      const old = `${outDir}.old-${process.pid}`;
      if (existsSync(outDir)) renameSync(outDir, old);
      renameSync(building, outDir);
      rmSync(old, { recursive: true, force: true });
      return { ...result, dist: outDir };
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  });
}

async function frameworkBuild(
  publishDir: string,
  onLine: (line: string) => void,
  outDir: string,
): Promise<SiteBuildResult> {
  clearLoaderOutputs();
  seedNpmVersionCache();
  const started = performance.now();
  const output: string[] = [];
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, [observableBin(), "build"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        // TypeScript data loaders are run with tsx, which Framework looks up on PATH.
        PATH: `${join(PROJECT_ROOT, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
        OBSERVABLE_TELEMETRY_DISABLE: "true",
        // One release for the whole build, even if `slm run` publishes the next one meanwhile.
        SLM_PUBLISH_DIR: realpathSync(publishDir),
        SLM_SITE_OUT: outDir,
        NO_COLOR: "1",
      },
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
    throw new CliError(`site build failed (exit ${code}):\n${output.slice(-15).join("\n")}`);
  }
  return { dist: outDir, seconds: (performance.now() - started) / 1000 };
}
