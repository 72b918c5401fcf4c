import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The text of one published table in the release folder `dir`. Kept apart from published.ts, which loads
 * the configuration and zod: a site build starts a process per data loader, and each of them needs only this.
 */
export function readPublishedFile(table: string, dir: string): string {
  const file = join(dir, `${table}.json`);
  if (!existsSync(file)) {
    throw new Error(`${file}: not published yet; run \`slm run\` before building the site`);
  }
  return readFileSync(file, "utf8");
}
