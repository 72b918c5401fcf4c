import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, resolvePath } from "../warehouse/config.ts";

/** Where `slm run` wrote the publish tables; `slm site build` passes it down to the site's data loaders. */
export function publishDir(): string {
  if (process.env.SLM_PUBLISH_DIR) return process.env.SLM_PUBLISH_DIR;
  const loaded = loadConfig(process.cwd());
  return resolvePath(loaded, loaded.config.paths.publish);
}

/** The text of one published table, for a site data loader to pass through unchanged. */
export function readPublished(table: string, dir = publishDir()): string {
  const file = join(dir, `${table}.json`);
  if (!existsSync(file)) {
    throw new Error(`${file}: not published yet; run \`slm run\` before building the site`);
  }
  return readFileSync(file, "utf8");
}
