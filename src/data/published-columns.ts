import { readPublished } from "../../pipelines/published.ts";
import { toColumns } from "../components/columnar.js";

/**
 * Writes one published table as the columnar JSON the pages read (src/components/columnar.js): the same
 * rows and values, a tenth of the bytes. `keep` projects it to the columns the page reads.
 */
export function writePublishedColumns(table: string, keep?: readonly string[]): void {
  process.stdout.write(JSON.stringify(toColumns(JSON.parse(readPublished(table)), keep)));
}
