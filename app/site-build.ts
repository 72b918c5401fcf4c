import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { type Progress, silent } from "./progress.ts";
import { buildSite, type SiteBuildResult } from "./site/build.ts";
import { type SiteFolderChoice, siteFolder } from "./site-folder.ts";

export type { SiteBuildResult } from "./site/build.ts";

/**
 * `slm site build`: builds the static site from the current release, offline, into the folder chosen
 * (default: paths.site), replacing it whole only when slm made it.
 */
export async function siteBuild(
  loaded: LoadedConfig,
  choice: Omit<SiteFolderChoice, "name"> & { name?: string } = {},
  onProgress: Progress = silent,
): Promise<SiteBuildResult> {
  const name = choice.name ?? "--out";
  return buildSite(
    resolvePath(loaded, loaded.config.paths.publish),
    (line) => onProgress(`  ${line}`),
    siteFolder(() => loaded, { ...choice, name }),
    choice.folder ? `choose a new or empty folder for ${name}` : undefined,
  );
}
