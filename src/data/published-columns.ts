import { readPublishedFile } from "../../pipelines/published-file.ts";
import { toColumns } from "../components/columnar.js";

/**
 * The text of one published table of the release being built. `slm site build` names that release
 * (SLM_PUBLISH_DIR); only a loader run without it (a preview) loads the project's configuration to find
 * the folder. A build starts a process per loader, so each stays clear of the configuration and zod.
 */
export async function readRelease(table: string): Promise<string> {
  const dir = process.env.SLM_PUBLISH_DIR ?? (await import("../../pipelines/published.ts")).publishDir();
  return readPublishedFile(table, dir);
}

/**
 * Writes one published table as the columnar JSON the pages read (src/components/columnar.js): the same
 * rows and values, a tenth of the bytes. `keep` projects it to the columns the page reads.
 */
export async function writePublishedColumns(table: string, keep?: readonly string[]): Promise<void> {
  process.stdout.write(JSON.stringify(toColumns(JSON.parse(await readRelease(table)), keep)));
}
