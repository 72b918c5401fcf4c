import { type DuckDBValue, listValue } from "@duckdb/node-api";
import { quoteIdent } from "../../warehouse/sql.ts";
import type { ContractColumn } from "../contract.ts";
import type { Profile } from "../profile.ts";

/** Collects bound parameters while SQL text is assembled, so no value is ever spliced in. */
export class Params {
  readonly values: DuckDBValue[] = [];
  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  text(value: string): string {
    return `${this.add(value)}::VARCHAR`;
  }
}

export interface SourceColumn {
  /** positional name given to read_csv, never the export's header text */
  position: string;
  header: string;
}

export interface MappedColumn {
  column: ContractColumn;
  source: SourceColumn | null;
}

/** Cells that say the row is a report total rather than data. */
const TOTALS_PATTERN = "^(total|totalt|totals|totaal|summa|sum|grand total|antal)\\s*:?$";

function cleaned(source: SourceColumn | null): string {
  return source ? `NULLIF(trim(${quoteIdent(source.position)}), '')` : "NULL::VARCHAR";
}

function mappedValue(field: string, source: SourceColumn | null, profile: Profile, params: Params): string {
  const base = cleaned(source);
  const map = profile.values[field];
  if (!map || Object.keys(map).length === 0) return base;
  const arms = Object.entries(map)
    .map(([from, to]) => `WHEN ${params.text(from)} THEN ${params.text(to)}`)
    .join(" ");
  return `(CASE ${base} ${arms} ELSE ${base} END)`;
}

function typedValue(value: string, column: ContractColumn, profile: Profile, params: Params): string {
  const format = profile.formats[column.name] ?? column.format;
  switch (column.kind) {
    case "text":
      return value;
    case "integer":
      return `TRY_CAST(replace(${value}, ' ', '') AS BIGINT)`;
    case "decimal":
      return profile.csv.decimalComma
        ? `TRY_CAST(replace(replace(replace(${value}, ' ', ''), '.', ''), ',', '.') AS DOUBLE)`
        : `TRY_CAST(replace(${value}, ' ', '') AS DOUBLE)`;
    case "date":
      return `TRY_STRPTIME(${value}, ${params.text(format ?? "%Y-%m-%d")})::DATE`;
    case "timestamp":
      return `TRY_STRPTIME(${value}, ${params.text(format ?? "%Y-%m-%d %H:%M:%S")})`;
    case "boolean":
      return `(CASE WHEN lower(${value}) IN ('1','true','yes','y','ja','j','x') THEN true
                    WHEN lower(${value}) IN ('0','false','no','n','nej') THEN false END)`;
  }
}

function problem(reason: string, source: SourceColumn | null, params: Params, detail: string | null): string {
  const column = source ? params.text(source.header) : "NULL::VARCHAR";
  const value = source ? quoteIdent(source.position) : "NULL::VARCHAR";
  const why = detail === null ? "NULL::VARCHAR" : params.text(detail);
  return `{'reason': ${params.text(reason)}, 'column_name': ${column}, 'value': ${value}, 'detail': ${why}}`;
}

/**
 * The SELECT list that turns read_csv's all-VARCHAR columns into the contract's types, plus a
 * `_problem` struct naming the first reason a row cannot be loaded (NULL when it can).
 */
export function typedSelect(
  mapped: MappedColumn[],
  sources: SourceColumn[],
  profile: Profile,
  params: Params,
): string {
  const typedExprs: string[] = [];
  const checks: string[] = [];

  const positions = sources.map((source) => quoteIdent(source.position));
  const headerEcho = sources
    .map((source) => `trim(coalesce(${quoteIdent(source.position)}, '')) = ${params.text(source.header)}`)
    .join(" AND ");
  checks.push(
    `WHEN ${headerEcho} THEN ${problem("repeated_header", null, params, "the header line appears again")}`,
  );
  const totals = sources
    .slice(0, 2)
    .map(
      (source) =>
        `regexp_matches(trim(coalesce(${quoteIdent(source.position)}, '')), ${params.text(TOTALS_PATTERN)}, 'i')`,
    )
    .join(" OR ");
  checks.push(
    `WHEN ${totals} THEN ${problem("totals_row", sources[0] ?? null, params, "a report total, not a data row")}`,
  );

  for (const { column, source } of mapped) {
    const value = mappedValue(column.name, source, profile, params);
    const typed = typedValue(value, column, profile, params);
    typedExprs.push(`${typed} AS ${quoteIdent(column.name)}`);
    if (column.required) {
      checks.push(
        `WHEN ${value} IS NULL THEN ${problem("missing_required", source, params, `${column.name} is required`)}`,
      );
    }
    if (column.kind !== "text") {
      const format = profile.formats[column.name] ?? column.format;
      const expected = format ? `expected ${column.kind} as ${format}` : `expected ${column.kind}`;
      checks.push(
        `WHEN ${value} IS NOT NULL AND ${typed} IS NULL THEN ${problem(`bad_${column.kind}`, source, params, expected)}`,
      );
    }
    if (column.accepted) {
      checks.push(
        `WHEN ${value} IS NOT NULL AND NOT list_contains(${params.add(listValue(column.accepted))}, ${value}) THEN ${problem("not_accepted", source, params, `accepted: ${column.accepted.join(", ")}`)}`,
      );
    }
  }
  const rawLine = `concat_ws(${params.text(profile.csv.delimiter)}, ${positions.map((p) => `coalesce(${p}, '')`).join(", ")})`;
  return [
    "row_number() OVER () AS _row",
    ...typedExprs,
    `CASE ${checks.join("\n       ")} END AS _problem`,
    `${rawLine} AS _raw_line`,
  ].join(",\n  ");
}
