import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LoadedConfig } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { serveStatic } from "./site/static-server.ts";
import { type SiteFolderChoice, siteFolder } from "./site-folder.ts";

export interface SitePreview {
  dir: string;
  url: string;
}

/**
 * `slm site preview`: serves the built site on `host:port` (0 picks a free port) until the process ends.
 * The configuration is read only when no folder is given, so a folder given is served whatever the working
 * folder's configuration.
 */
export async function sitePreview(
  config: () => LoadedConfig,
  options: SiteFolderChoice & { port: number; host: string },
): Promise<SitePreview> {
  const dir = siteFolder(config, options);
  if (!existsSync(join(dir, "index.html")))
    throw new NotReadyError(`no built site in ${dir}: run \`slm site build\` first`);
  const { url } = await serveStatic(dir, options.port, options.host);
  return { dir, url };
}
