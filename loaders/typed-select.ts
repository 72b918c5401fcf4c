import { listValue } from "@duckdb/node-api";
import { nationalIdVerdict } from "../identifiers/national-id.ts";
import { plainSwedishIdDigits } from "../identifiers/plain-swedish-id.ts";
import { quoteIdent } from "../warehouse/sql.ts";
import type { ContractColumn, NationalIdKind } from "./contract.ts";
import type { Params } from "./params.ts";
import type { Profile } from "./profile.ts";
import { booleanDetail, booleanValue, spellsEmpty } from "./profile-booleans.ts";

export interface SourceColumn {
  /** positional name in the scanned relation, never the export's header text */
  position: string;
  header: string;
  /** SQL naming the column per row, where one field draws on several columns (unpivot) */
  label?: string;
  /**
   * A column holding the cell trimmed, NULL when empty: computed once per record (`trimmedCells`)
   * for the line checks and the field values to share. Without it each use trims the cell itself.
   */
  trimmed?: string;
}

/** Where a contract field's value comes from. */
export type FieldInput =
  | { from: "column"; source: SourceColumn }
  | { from: "constant"; value: string }
  | { from: "rowNumber" }
  | { from: "none" };

export interface MappedColumn {
  column: ContractColumn;
  input: FieldInput;
}

export interface TypedOptions {
  decimalComma: boolean;
  delimiter: string;
}

/** Cells that say the row is a report total rather than data. */
const TOTALS_PATTERN = "^(total|totalt|totals|totaal|summa|sum|grand total|antal)\\s*:?$";

/**
 * `trim(sql)`, but calling DuckDB's trim (which strips Unicode space separators, and costs several
 * times a plain read) only where it can change the text: a value that starts and ends with an ASCII
 * character other than a space is already trimmed. `strlen <> length` flags any non-ASCII text, so
 * every value trim could shorten still goes through it.
 */
export function trimmed(sql: string): string {
  return `(CASE WHEN starts_with(${sql}, ' ') OR ends_with(${sql}, ' ') OR strlen(${sql}) <> length(${sql}) THEN trim(${sql}) ELSE ${sql} END)`;
}

/** A cell's value, trimmed, NULL when empty. */
export function cellValue(source: SourceColumn): string {
  return source.trimmed ? quoteIdent(source.trimmed) : `NULLIF(${trimmed(quoteIdent(source.position))}, '')`;
}

/** The `trimmed` columns of the sources that name one, for a layer below the line checks. */
export function trimmedCells(sources: SourceColumn[]): string[] {
  return sources.flatMap((source) =>
    source.trimmed
      ? [`NULLIF(${trimmed(quoteIdent(source.position))}, '') AS ${quoteIdent(source.trimmed)}`]
      : [],
  );
}

function cleaned(input: FieldInput, params: Params): string {
  switch (input.from) {
    case "column":
      return cellValue(input.source);
    case "constant":
      return `NULLIF(trim(${params.text(input.value)}), '')`;
    case "rowNumber":
      return "CAST(_row AS VARCHAR)";
    case "none":
      return "NULL::VARCHAR";
  }
}

/**
 * A value map over `base`. Long maps (a catalogue from `valuesFrom`) are looked up in two bound lists
 * rather than written as one CASE arm per entry, which DuckDB plans slowly at thousands of arms.
 */
function mapped(base: string, map: Record<string, string>, params: Params): string {
  const entries = Object.entries(map);
  if (entries.length <= 64) {
    const arms = entries.map(([from, to]) => `WHEN ${params.text(from)} THEN ${params.text(to)}`).join(" ");
    return `(CASE ${base} ${arms} ELSE ${base} END)`;
  }
  const froms = `${params.add(listValue(entries.map(([from]) => from)))}::VARCHAR[]`;
  const tos = `${params.add(listValue(entries.map(([, to]) => to)))}::VARCHAR[]`;
  return `(CASE WHEN list_contains(${froms}, ${base}) THEN list_extract(${tos}, list_position(${froms}, ${base})) ELSE ${base} END)`;
}

function mappedValue(column: ContractColumn, input: FieldInput, profile: Profile, params: Params): string {
  const base = cleaned(input, params);
  const map = profile.values[column.name];
  const value = map && Object.keys(map).length > 0 ? mapped(base, map, params) : base;
  // A boolean whose declared spellings give an empty cell a meaning (X or blank) reads it as "", so
  // that it is a value, not a missing one.
  const empty =
    column.kind === "boolean" && input.from === "column" && spellsEmpty(profile.booleans[column.name]);
  return empty ? `coalesce(${value}, '')` : value;
}

/** A number in the decimal-comma convention, thousands grouped by points or not: 7,5  1.234,5  -12. */
const DECIMAL_COMMA_NUMBER = String.raw`[+-]?(\d{1,3}(\.\d{3})+|\d*)(,\d+)?`;

/** A number's text without the spaces that group its thousands (space, no-break and narrow no-break). */
const ungrouped = (value: string) => `regexp_replace(${value}, '[ \u00a0\u202f]', '', 'g')`;

function typedValue(
  value: string,
  column: ContractColumn,
  profile: Profile,
  options: TypedOptions,
  params: Params,
): string {
  const format = profile.formats[column.name] ?? column.format;
  switch (column.kind) {
    case "text":
      return value;
    case "integer":
      return `TRY_CAST(replace(${value}, ' ', '') AS BIGINT)`;
    case "decimal":
      // With decimal commas a point can only group thousands (1.234,5); "14.48" is not read as 1448 but
      // quarantined. Spaces, no-break spaces included, group thousands in either convention.
      return options.decimalComma
        ? `(CASE WHEN regexp_full_match(${ungrouped(value)}, ${params.text(DECIMAL_COMMA_NUMBER)})
                 THEN TRY_CAST(replace(replace(${ungrouped(value)}, '.', ''), ',', '.') AS DOUBLE) END)`
        : `TRY_CAST(${ungrouped(value)} AS DOUBLE)`;
    case "date":
      return `TRY_STRPTIME(${value}, ${params.text(format ?? "%Y-%m-%d")})::DATE`;
    case "timestamp": {
      const declared = format ?? "%Y-%m-%d %H:%M:%S";
      const parsed = `TRY_STRPTIME(${value}, ${params.text(declared)})`;
      // A spreadsheet that re-saves an export drops the seconds (Excel's "yyyy-mm-dd hh:mm"). The declared
      // format without them cannot read a text another way, as a second date order would (4/5 as 4 May).
      return declared.endsWith(":%S")
        ? `coalesce(${parsed}, TRY_STRPTIME(${value}, ${params.text(declared.slice(0, -3))}))`
        : parsed;
    }
    case "boolean":
      return booleanValue(value, profile.booleans[column.name], params);
  }
}

interface Problem {
  reason: string;
  source: SourceColumn | null;
  detail: string | null;
  /** SQL appended to `reason` per row (e.g. the validator's own reason). */
  reasonSuffix?: string;
}

function problem({ reason, source, detail, reasonSuffix }: Problem, params: Params): string {
  const column = source ? (source.label ?? params.text(source.header)) : "NULL::VARCHAR";
  const value = source ? quoteIdent(source.position) : "NULL::VARCHAR";
  const why = detail === null ? "NULL::VARCHAR" : params.text(detail);
  const what = reasonSuffix ? `${params.text(reason)} || ${reasonSuffix}` : params.text(reason);
  return `{'reason': ${what}, 'column_name': ${column}, 'value': ${value}, 'detail': ${why}}`;
}

const NATIONAL_ID_NAMES: Record<NationalIdKind, string> = {
  se: "a valid Swedish personnummer, samordningsnummer or interim number",
  nl: "a valid BSN",
  any: "a valid Swedish personnummer or BSN",
};

/** The relation column holding a national-ID field's verdict (NULL when valid or empty). */
function nationalIdColumn(column: ContractColumn): string {
  return quoteIdent(`_national_id_problem_${column.name}`);
}

function checksNationalId(column: ContractColumn, input: FieldInput): boolean {
  return column.nationalId !== null && input.from !== "none";
}

/**
 * Whether the typed select checks a national-ID field, so the loading connection needs
 * `national_id_problem_run` (identifiers/national-id.ts). An empty value is not invalid: many
 * people have no such number.
 */
export function checksNationalIds(mapped: MappedColumn[]): boolean {
  return mapped.some(({ column, input }) => checksNationalId(column, input));
}

/**
 * A record's cells joined back into a line, for the quarantine to show. With `widthChecked` (the
 * relation carries `_fields` and `_overflow`, see read-csv.ts) a short or long line shows as many
 * fields as it had.
 */
export function rawLine(
  sources: SourceColumn[],
  options: TypedOptions,
  params: Params,
  widthChecked = false,
): string {
  const cells = sources.map((source) => `coalesce(${quoteIdent(source.position)}, '')`);
  const delimiter = params.text(options.delimiter);
  const joined = `concat_ws(${delimiter}, ${cells.join(", ")})`;
  if (!widthChecked) return joined;
  return `CASE WHEN _fields IS NULL THEN ${joined}
               WHEN _fields > ${sources.length} THEN concat_ws(${delimiter}, ${cells.join(", ")}, coalesce(_overflow, ''))
               ELSE array_to_string(list_slice([${cells.join(", ")}], 1, _fields), ${delimiter}) END`;
}

/** A line with more or fewer fields than the header (only where the relation counts them). */
function widthProblems(sources: SourceColumn[], params: Params): string[] {
  const n = sources.length;
  const headers = params.add(listValue(sources.map((source) => source.header)));
  const struct = (reason: string, column: string, detail: string) =>
    `{'reason': ${params.text(reason)}, 'column_name': ${column}, 'value': NULL::VARCHAR, 'detail': ${detail}}`;
  return [
    `WHEN _fields > ${n} THEN ${struct("malformed_line:too_many_columns", "NULL::VARCHAR", params.text(`expected ${n} fields, found more`))}`,
    `WHEN _fields IS NOT NULL THEN ${struct(
      "malformed_line:missing_columns",
      `list_extract(${headers}::VARCHAR[], _fields::INTEGER + 1)`,
      `${params.text(`expected ${n} fields, found `)} || _fields`,
    )}`,
  ];
}

/**
 * Whether a record's cells hold a NUL byte: the same verdict as `contains(_raw_line, chr(0))`
 * without joining the line, so the raw line need only be built for the records quarantined.
 */
export function nulInCells(sources: SourceColumn[], widthChecked = false): string {
  const cells = sources.map((source) => quoteIdent(source.position));
  if (widthChecked) cells.push("_overflow");
  return cells.map((cell) => `coalesce(contains(${cell}, chr(0)), false)`).join(" OR ");
}

/**
 * Checks that concern a whole record rather than one field: decided before an unpivot fans the
 * record out, so that a blank or repeated header line is one quarantined line, not N.
 */
export function lineProblem(
  sources: SourceColumn[],
  params: Params,
  widthChecked = false,
  /** SQL telling whether a record holds a NUL; null where none can (see load-scan.ts). */
  nulTest: string | null = "contains(_raw_line, chr(0))",
): string {
  const checks: string[] = [];
  const blank = sources.map((source) => `${cellValue(source)} IS NULL`).join(" AND ");
  checks.push(
    `WHEN ${blank} THEN ${problem({ reason: "blank_line", source: null, detail: "a line holding no values" }, params)}`,
  );
  const headerEcho = sources
    .map((source) => `coalesce(${cellValue(source)}, '') = ${params.text(source.header)}`)
    .join(" AND ");
  checks.push(
    `WHEN ${headerEcho} THEN ${problem({ reason: "repeated_header", source: null, detail: "the header line appears again" }, params)}`,
  );
  const totals = sources
    .slice(0, 2)
    .map(
      (source) => `regexp_matches(coalesce(${cellValue(source)}, ''), ${params.text(TOTALS_PATTERN)}, 'i')`,
    )
    .join(" OR ");
  checks.push(
    `WHEN ${totals} THEN ${problem({ reason: "totals_row", source: sources[0] ?? null, detail: "a report total, not a data row" }, params)}`,
  );
  // After the totals check: Swedish reports end with a short "Totalt;<n>" line.
  if (widthChecked) checks.push(...widthProblems(sources, params));
  if (nulTest !== null) {
    checks.push(
      `WHEN ${nulTest} THEN ${problem({ reason: "nul_byte", source: null, detail: "a NUL byte (0x00) in the line" }, params)}`,
    );
  }
  return `CASE ${checks.join("\n       ")} END`;
}

/**
 * The typed relation over `input` (records with `_row`, `_sub`, `_line`, `_line_problem` and the
 * positional cells): the contract's typed fields, a `_problem` struct naming the first reason a row
 * cannot be loaded (NULL when it can) and `_raw_line`, built only for rows with a problem.
 *
 * Built in layers so that each mapped value, typed value and national-ID verdict is computed once per
 * row (the checks reuse them), and the national-ID UDF only sees non-empty values.
 */
export function typedRelation(
  mapped: MappedColumn[],
  profile: Profile,
  options: TypedOptions,
  params: Params,
  input: string,
  rawLineSql: string,
  /** Whether `input` carries `_filtered` (the profile's row filter), passed through for the loader. */
  filtered = false,
): string {
  const valueExprs: string[] = [];
  const digitExprs: string[] = [];
  const verdictExprs: string[] = [];
  const typedExprs: string[] = [];
  const outputs: string[] = [];
  const checks: string[] = [];
  for (const [index, { column, input: fieldInput }] of mapped.entries()) {
    const source = fieldInput.from === "column" ? fieldInput.source : null;
    const value = quoteIdent(`_slm_v${index}`);
    const typedName = quoteIdent(`_slm_t${index}`);
    valueExprs.push(`${mappedValue(column, fieldInput, profile, params)} AS ${value}`);
    const typed = typedValue(value, column, profile, options, params);
    if (column.kind === "text") outputs.push(`${value} AS ${quoteIdent(column.name)}`);
    else {
      typedExprs.push(`${typed} AS ${typedName}`);
      outputs.push(`${typedName} AS ${quoteIdent(column.name)}`);
    }
    if (column.required) {
      const detail = `${column.name} is required`;
      checks.push(
        `WHEN ${value} IS NULL THEN ${problem({ reason: "missing_required", source, detail }, params)}`,
      );
    }
    if (column.kind !== "text") {
      const format = profile.formats[column.name] ?? column.format;
      const detail =
        column.kind === "boolean"
          ? booleanDetail(column.name, profile.booleans[column.name])
          : format
            ? `expected ${column.kind} as ${format}`
            : `expected ${column.kind}`;
      checks.push(
        `WHEN ${value} IS NOT NULL AND ${typedName} IS NULL THEN ${problem({ reason: `bad_${column.kind}`, source, detail }, params)}`,
      );
    }
    if (column.accepted) {
      const detail = `accepted: ${column.accepted.join(", ")}`;
      checks.push(
        `WHEN ${value} IS NOT NULL AND NOT list_contains(${params.add(listValue(column.accepted))}, ${value}) THEN ${problem({ reason: "not_accepted", source, detail }, params)}`,
      );
    }
    if (column.nationalId && checksNationalId(column, fieldInput)) {
      const verdict = nationalIdColumn(column);
      const country =
        column.nationalId === "any"
          ? `CASE WHEN regexp_full_match(${value}, ${params.text("[0-9]{8,9}")}) THEN 'nl' ELSE 'se' END`
          : params.text(column.nationalId);
      const digits = quoteIdent(`_slm_d${index}`);
      digitExprs.push(
        `${column.nationalId === "nl" ? "NULL::BIGINT" : plainSwedishIdDigits(value)} AS ${digits}`,
      );
      // The UDF returns NULL for an empty value; skipping those rows spares the call.
      verdictExprs.push(
        `CASE WHEN ${value} IS NOT NULL THEN ${nationalIdVerdict(value, country, digits)} END AS ${verdict}`,
      );
      const detail = `expected ${NATIONAL_ID_NAMES[column.nationalId]}`;
      checks.push(
        `WHEN ${verdict} IS NOT NULL THEN ${problem({ reason: "invalid_national_id:", source, detail, reasonSuffix: verdict }, params)}`,
      );
    }
  }
  const fieldProblem = checks.length > 0 ? `CASE ${checks.join("\n       ")} END` : "NULL";
  const layer = (exprs: string[], from: string) =>
    exprs.length > 0 ? `(SELECT *, ${exprs.join(", ")} FROM ${from})` : from;
  const valued = layer(valueExprs, input);
  const verdicts = layer(verdictExprs, layer(digitExprs, valued));
  const typed = layer(typedExprs, verdicts);
  const problems = `(SELECT *, coalesce(_line_problem, ${fieldProblem}) AS _problem FROM ${typed})`;
  return `SELECT _row, _sub, _line, ${filtered ? "_filtered, " : ""}${outputs.join(", ")}, _problem,
                 CASE WHEN _problem IS NOT NULL THEN ${rawLineSql} END AS _raw_line
            FROM ${problems}`;
}
