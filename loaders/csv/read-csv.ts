import { quoteLiteral } from "../../warehouse/sql.ts";
import type { Params } from "../params.ts";
import { positionOf } from "../scan.ts";

export interface ReadCsvOptions {
  path: string;
  columns: number;
  /** Lines above the first record (metadata and the header). */
  skip: number;
  delimiter: string;
  quote: string;
}

/**
 * read_csv with every column VARCHAR and named by position (the export's header text never becomes
 * an identifier), nothing auto-detected, and every refused line kept in temp.slm_rejects.
 */
export function readCsvRelation(options: ReadCsvOptions, params: Params): string {
  const columns = Array.from(
    { length: options.columns },
    (_, i) => `${quoteLiteral(positionOf(i))}: 'VARCHAR'`,
  );
  return `read_csv(${params.add(options.path)}, header = false, skip = ${params.add(options.skip)},
                   delim = ${params.text(options.delimiter)}, quote = ${params.text(options.quote)},
                   escape = ${params.text(options.quote)}, columns = {${columns.join(", ")}},
                   auto_detect = false, strict_mode = true, null_padding = false,
                   max_line_size = 67108864, parallel = true,
                   store_rejects = true, rejects_table = 'slm_rejects', rejects_scan = 'slm_rejects_scan',
                   rejects_limit = 0)`;
}
