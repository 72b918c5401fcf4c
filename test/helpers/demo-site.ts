import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";
import { slm } from "./project.ts";

/** `SLM_SITE_TEST_PERSONS=20000` measures the default demo's size. */
export const SITE_TEST_PERSONS = process.env.SLM_SITE_TEST_PERSONS ?? "2000";

export interface DemoSite {
  /** The demo project: its warehouse, extracts and planted truth (data/truth). */
  dir: string;
  /** The built site. */
  out: string;
  /** `slm site build --json` of the first build. */
  build: { unchanged: boolean; rerun: string[]; reused: string[] };
}

const WAIT_MS = 900_000;

/**
 * The shared site's disclosure threshold: not the default 5, so that a page repeating the default instead
 * of the release's own setting is caught (test/site/trust.test.ts).
 */
export const SITE_TEST_MIN_COUNT = 10;

/**
 * The demo institution's site, built once per test run and shared read-only by the site tests that need
 * nothing else (building it per file cost CI several minutes). It is made with privacy.minCount =
 * SITE_TEST_MIN_COUNT. The first caller builds it; the others wait
 * for its `ready.json`. Tests that need other settings (disclosure threshold, fixtures) build their own.
 */
export async function sharedDemoSite(): Promise<DemoSite> {
  const root = inject("demoSiteRoot");
  const ready = join(root, "ready.json");
  const failed = join(root, "failed.txt");
  let builder = false;
  try {
    mkdirSync(join(root, "building"));
    builder = true;
  } catch {
    // another test file is building it
  }
  if (builder) {
    const dir = join(root, "project");
    mkdirSync(dir);
    const out = join(dir, "site");
    try {
      const init = slm(dir, ["init"]);
      if (init.code !== 0) throw new Error(`slm init: ${init.stderr}`);
      const configFile = join(dir, "slm.config.json");
      const config = JSON.parse(readFileSync(configFile, "utf8"));
      config.privacy.minCount = SITE_TEST_MIN_COUNT;
      writeFileSync(configFile, JSON.stringify(config, null, 2));
      const demo = slm(dir, ["demo", "--persons", SITE_TEST_PERSONS, "--no-site"], {}, 600_000);
      if (demo.code !== 0) throw new Error(`slm demo: ${demo.stderr}`);
      const site = slm(dir, ["site", "build", "--out", out, "--json"], {}, 600_000);
      if (site.code !== 0) throw new Error(`slm site build: ${site.stderr}`);
      const built: DemoSite = { dir, out, build: JSON.parse(site.stdout) };
      // renamed into place so a waiting file never reads half of it
      writeFileSync(`${ready}.tmp`, JSON.stringify(built));
      renameSync(`${ready}.tmp`, ready);
      return built;
    } catch (error) {
      writeFileSync(failed, String(error));
      throw error;
    }
  }
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, "utf8"));
    if (existsSync(failed)) throw new Error(`the shared demo site failed: ${readFileSync(failed, "utf8")}`);
    await sleep(500);
  }
  throw new Error(`the shared demo site was not ready within ${WAIT_MS / 1000} s`);
}
