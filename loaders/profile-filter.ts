import { listValue } from "@duckdb/node-api";
import { z } from "zod";
import type { Warehouse } from "../warehouse/connection.ts";
import { LoadError } from "./errors.ts";
import type { Params } from "./params.ts";
import { findHeader } from "./profile-header.ts";
import { cellValue, type SourceColumn } from "./typed-select.ts";

/**
 * A pattern DuckDB runs (RE2): valid as a JavaScript pattern, and without the look-arounds and
 * back-references RE2 refuses, so a profile that validates does not fail at load time.
 */
const re2Pattern = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch {
    ctx.addIssue({ code: "custom", message: "not a valid regular expression" });
    return;
  }
  if (/\(\?<?[=!]|\\[1-9]/.test(pattern)) {
    ctx.addIssue({ code: "custom", message: "look-arounds and back-references are not supported" });
  }
});

const OPERATORS = ["equals", "notEquals", "in", "notIn", "matches"] as const;

/**
 * One row filter on an export column (its header, as in `columns`): a record is loaded only when every
 * filter passes. Cells are compared trimmed, an empty cell as "".
 */
export const filterSchema = z
  .object({
    column: z.string().min(1),
    equals: z.string().optional(),
    notEquals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    notIn: z.array(z.string()).min(1).optional(),
    /** Searched anywhere in the cell unless anchored (`^...$`). */
    matches: re2Pattern.optional(),
  })
  .strict()
  .refine((filter) => OPERATORS.filter((op) => filter[op] !== undefined).length === 1, {
    message: `give exactly one of ${OPERATORS.join(", ")}`,
  });

export type RowFilter = z.infer<typeof filterSchema>;

/** Quarantine reasons of lines that hold no data: a filter that leaves them out counts them as filtered. */
export const NO_DATA_LINES = ["blank_line", "repeated_header", "totals_row"];

/**
 * SQL true for a record every filter passes, over the record's cells; null without filters. A filter
 * on a column the file does not have fails the file: loading it unfiltered would load what the
 * profile says to leave out.
 */
export function filterPasses(
  filters: RowFilter[],
  sources: SourceColumn[],
  params: Params,
  where: { fileName: string; profile: string; headerLine: number },
): string | null {
  if (filters.length === 0) return null;
  const header = sources.map((source) => source.header);
  const tests = filters.map((filter, index) => {
    const at = findHeader(header, filter.column);
    if (at < 0) {
      throw new LoadError(
        where.fileName,
        `the filter's column "${filter.column}" is not in the header; fix filter.${index}.column in profile "${where.profile}"`,
        where.headerLine,
        filter.column,
      );
    }
    const cell = `coalesce(${cellValue(sources[at]!)}, '')`;
    const list = (values: string[]) => `${params.add(listValue(values.map((v) => v.trim())))}::VARCHAR[]`;
    if (filter.equals !== undefined) return `${cell} = ${params.text(filter.equals.trim())}`;
    if (filter.notEquals !== undefined) return `${cell} <> ${params.text(filter.notEquals.trim())}`;
    if (filter.in !== undefined) return `list_contains(${list(filter.in)}, ${cell})`;
    if (filter.notIn !== undefined) return `NOT list_contains(${list(filter.notIn)}, ${cell})`;
    return `regexp_matches(${cell}, ${params.text(filter.matches!)})`;
  });
  return tests.map((test) => `(${test})`).join(" AND ");
}

/**
 * SQL true for a record the filters leave out: one whose line is sound (or holds no data anyway) and
 * that a filter does not pass. A malformed line stays quarantined: the filter cannot be trusted to read
 * a line whose cells are shifted.
 */
export function filteredOut(passes: string, params: Params): string {
  return `((_line_problem IS NULL OR list_contains(${params.add(listValue(NO_DATA_LINES))}::VARCHAR[], _line_problem.reason)) AND NOT (${passes}))`;
}

/**
 * The manifest counts the records taken in (read = loaded + quarantined); this keeps, beside it and in
 * the same transaction, how many the filter left out and the filter itself, so that every record of the
 * file is accounted for without a left-out row counting as a data-quality problem.
 */
export async function recordFilter(
  warehouse: Warehouse,
  record: { fileId: number; rowsFiltered: number; filter: RowFilter[] },
): Promise<void> {
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS meta.load_filter (
       file_id BIGINT NOT NULL, rows_filtered BIGINT NOT NULL, filter VARCHAR NOT NULL)`,
  );
  await warehouse.run("INSERT INTO meta.load_filter VALUES ($1, $2, $3)", [
    record.fileId,
    record.rowsFiltered,
    JSON.stringify(record.filter),
  ]);
}
