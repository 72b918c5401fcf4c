import { resolve } from "node:path";
import { type LoadedConfig, projectFolder, resolvePath } from "../warehouse/config.ts";
import { isInsideFolder } from "../warehouse/owned-folder.ts";
import { RequestError } from "./errors.ts";

export interface SiteFolderChoice {
  /** The folder asked for (from the working directory); default: paths.site of the configuration. */
  folder?: string | undefined;
  /** How the caller names the choice in messages (e.g. "--out"). */
  name: string;
  /** A folder outside the project folder is allowed. */
  allowOutside?: boolean | undefined;
  /** The configuration file given explicitly, which sets the project folder. */
  configFile?: string | undefined;
}

/**
 * The folder asked for (from the working directory), else the configuration's paths.site (from the
 * project); the configuration is read only when it is needed, so a folder given serves a site whatever the
 * working folder's configuration. A folder outside the project needs allowOutside, as a path in the
 * configuration needs paths.allowOutside (checked when the configuration is read).
 */
export function siteFolder(config: () => LoadedConfig, choice: SiteFolderChoice): string {
  if (!choice.folder) {
    const loaded = config();
    return resolvePath(loaded, loaded.config.paths.site);
  }
  if (/^~($|[\\/])/.test(choice.folder)) {
    throw new RequestError(
      `${choice.name}: ${choice.folder}: ~ is not expanded here: write the folder's full path`,
    );
  }
  const dir = resolve(choice.folder);
  const project = projectFolder(process.cwd(), choice.configFile);
  if (!choice.allowOutside && !isInsideFolder(project, dir)) {
    throw new RequestError(
      `${choice.name}: ${dir} is outside the project folder ${project}; choose a folder inside it, or add --allow-outside`,
    );
  }
  return dir;
}
