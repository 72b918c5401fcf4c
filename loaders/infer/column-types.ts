import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../../warehouse/connection.ts";
import { quoteIdent } from "../../warehouse/sql.ts";
import type { FieldKind } from "../contract.ts";
import type { Params } from "../params.ts";
import { positionOf } from "../scan.ts";

/** Tried in order; the first that reads every value wins, so day-first beats month-first. */
export const DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d"];
export const TIMESTAMP_FORMATS = [
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%dT%H:%M:%S",
  "%Y-%m-%d %H:%M:%S.%f",
  "%Y-%m-%dT%H:%M:%S.%f",
  "%Y-%m-%d %H:%M",
  "%d/%m/%Y %H:%M:%S",
  "%d/%m/%Y %H:%M",
  "%d.%m.%Y %H:%M:%S",
  "%d.%m.%Y %H:%M",
  "%d-%m-%Y %H:%M:%S",
  "%d-%m-%Y %H:%M",
];
/** Spellings of true and false met in exports (English, Swedish, Dutch; X for a ticked box). */
export const BOOLEAN_PAIRS: [string, string][] = [
  ["true", "false"],
  ["yes", "no"],
  ["y", "n"],
  ["ja", "nej"],
  ["j", "n"],
  ["ja", "nee"],
  ["sant", "falskt"],
  ["waar", "onwaar"],
  ["1", "0"],
  ["x", ""],
];
const BOOLEANS = [...new Set(BOOLEAN_PAIRS.flat().filter((spelling) => spelling !== ""))];
/** A code or identifier: letters, digits and a few joiners, no spaces. */
const CODE_LIKE = "[A-Za-z0-9][A-Za-z0-9_./:#-]*";
const SAMPLE_ROWS = 100_000;

export interface ColumnType {
  kind: FieldKind;
  format: string | null;
  decimalComma: boolean;
  /** Also readable as a boolean (0/1, yes/no...). */
  booleanLike: boolean;
  /** Both day-first and month-first read every value. */
  ambiguousDate: boolean;
  nonBlank: number;
  /** Records sampled, blank cells included. */
  rows: number;
  /** Distinct non-blank values. */
  distinct: number;
  /** Non-blank values that look like a code or identifier (no spaces). */
  codeLike: number;
}

interface Stats {
  n: number;
  integer: number;
  leadingZero: number;
  point: number;
  comma: number;
  hasComma: number;
  boolean: number;
  rows: number;
  distinct: number;
  codeLike: number;
  formats: number[];
}

/**
 * Infers each column's kind from (a sample of) its values, in DuckDB: integer unless a value has a
 * leading zero (a code, kept as text), decimal with point or comma, the first date format that
 * reads every value, else text.
 */
export async function inferColumnTypes(
  warehouse: Warehouse,
  relation: (params: Params) => string,
  columns: number,
  params: Params,
): Promise<ColumnType[]> {
  const from = `(SELECT * FROM ${relation(params)} LIMIT ${SAMPLE_ROWS})`;
  const formats = [...DATE_FORMATS, ...TIMESTAMP_FORMATS].map((format) => params.text(format));
  const booleans = `${params.add(listValue(BOOLEANS))}::VARCHAR[]`;
  const integer = params.text("[+-]?\\d+");
  const leadingZero = params.text("0\\d+");
  const point = params.text("[+-]?(\\d+\\.?\\d*|\\.\\d+)");
  const comma = params.text("[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?");
  const codeLike = params.text(CODE_LIKE);
  const aggregates = Array.from({ length: columns }, (_, i) => {
    const v = `NULLIF(trim(${quoteIdent(positionOf(i))}), '')`;
    const parts = [
      `count(${v})`,
      `count(*) FILTER (regexp_full_match(${v}, ${integer}))`,
      `count(*) FILTER (regexp_full_match(${v}, ${leadingZero}))`,
      `count(*) FILTER (regexp_full_match(${v}, ${point}))`,
      `count(*) FILTER (regexp_full_match(${v}, ${comma}))`,
      `count(*) FILTER (contains(${v}, ','))`,
      `count(*) FILTER (list_contains(${booleans}, lower(${v})))`,
      "count(*)",
      `count(DISTINCT ${v})`,
      `count(*) FILTER (regexp_full_match(${v}, ${codeLike}))`,
      ...formats.map((format) => `count(TRY_STRPTIME(${v}, ${format}))`),
    ];
    // As JSON text: the client hands lists back as wrapper objects, not arrays.
    return `to_json([${parts.join(", ")}])::VARCHAR AS ${quoteIdent(positionOf(i))}`;
  });
  const row = await warehouse.one<Record<string, string>>(
    `SELECT ${aggregates.join(",\n")} FROM ${from}`,
    params.values,
  );
  return Array.from({ length: columns }, (_, i) => {
    const list = (JSON.parse(row?.[positionOf(i)] ?? "[]") as number[]).map(Number);
    const [n = 0, integer = 0, leadingZero = 0, point = 0, comma = 0, hasComma = 0, boolean = 0] = list;
    const [rows = 0, distinct = 0, codeLike = 0] = list.slice(7);
    const formats = list.slice(10);
    return classify({
      n,
      integer,
      leadingZero,
      point,
      comma,
      hasComma,
      boolean,
      rows,
      distinct,
      codeLike,
      formats,
    });
  });
}

function classify(stats: Stats): ColumnType {
  const base = {
    format: null,
    decimalComma: false,
    booleanLike: stats.n > 0 && stats.boolean === stats.n,
    ambiguousDate: false,
    nonBlank: stats.n,
    rows: stats.rows,
    distinct: stats.distinct,
    codeLike: stats.codeLike,
  };
  const all = (count: number) => stats.n > 0 && count === stats.n;
  if (stats.n === 0) return { ...base, kind: "text" };
  if (all(stats.integer) && stats.leadingZero === 0) return { ...base, kind: "integer" };
  if (all(stats.point) && stats.leadingZero === 0) return { ...base, kind: "decimal" };
  if (all(stats.comma) && stats.hasComma > 0) return { ...base, kind: "decimal", decimalComma: true };
  const names = [...DATE_FORMATS, ...TIMESTAMP_FORMATS];
  const index = stats.formats.findIndex((count) => all(count));
  if (index >= 0) {
    const format = names[index]!;
    const kind = index < DATE_FORMATS.length ? "date" : "timestamp";
    const dayFirst = names.indexOf("%d/%m/%Y");
    const ambiguousDate = format === "%d/%m/%Y" && all(stats.formats[dayFirst + 1] ?? 0);
    return { ...base, kind, format, ambiguousDate };
  }
  return { ...base, kind: "text" };
}
