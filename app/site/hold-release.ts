import { cpSync, existsSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { makeOwnedFolder, OWNED_MARKER, removeOwned } from "../../warehouse/owned-folder.ts";
import { SiteBuildError } from "../errors.ts";

const ATTEMPTS = 3;

/**
 * Copies the release the publish path links to into `into` (a folder of the product's) and returns it.
 * `slm run` keeps only the current and the previous release, so a build reading the release in place
 * lost it when two runs finished meanwhile and failed with a data loader's stack trace. A copy is read to
 * the end whatever runs publish; if the release vanishes while it is being copied, the next one is taken,
 * and after a few tries the build stops with a line that says to build again.
 */
export function holdRelease(publishDir: string, into: string): string {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    removeOwned(into, "release-copy");
    makeOwnedFolder(into, "release-copy", "move it away and build again");
    try {
      const release = realpathSync(publishDir);
      // The release's own marker stays behind: the copy is marked as what it is.
      cpSync(release, into, { recursive: true, filter: (path) => basename(path) !== OWNED_MARKER });
      if (existsSync(join(into, "_manifest.json"))) return into;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  removeOwned(into, "release-copy");
  throw new SiteBuildError(
    `the published data in ${publishDir} changed while the site build read it (\`slm run\` published meanwhile); run \`slm site build\` again`,
  );
}
