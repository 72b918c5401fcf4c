import type { CellReading } from "../helpers/browser.ts";

// What a page of the built site should show, recomputed from the published files with code of the test's
// own: the formats and the suppression rules written again here, not imported from src/components, so a
// page and its check cannot share a mistake.

type Row = Record<string, unknown>;

export interface Manifest {
  locale: string;
  disclosure: { minCount: number; minSchoolCell: number; marker: string };
  intakes: { intake: string; previous_intake: string | null; deadline: string }[];
  labels: { stages: Record<string, string>; groups: Record<string, string> };
}

/** Numbers as the locale writes them, straight from Intl. */
export function formatsOf(locale: string) {
  const percent = (digits: number, sign: "auto" | "exceptZero" = "auto") => {
    const format = new Intl.NumberFormat(locale, {
      style: "percent",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: sign,
    });
    return (v: number) => format.format(v);
  };
  const fixed = (digits: number, sign: "auto" | "exceptZero" = "auto") => {
    const format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: sign,
    });
    return (v: number) => format.format(v);
  };
  return {
    num: (v: number) => new Intl.NumberFormat(locale).format(v),
    pct: (digits: number) => percent(digits),
    signedPct: (digits: number) => percent(digits, "exceptZero"),
    pp: (v: number) => `${fixed(0, "exceptZero")(v * 100)}\u00a0pp`,
    dec: (digits: number) => fixed(digits),
  };
}

/** What a published column holds, judged by its name: a rate (or a bound of one), a mean, or a count. */
export function classOf(column: string): "rate" | "mean" | "count" {
  const base = column.replace(/_(low|high)$/, "");
  if (
    /(_rate|_conversion|_share|^yield|^melt|^acceptance_yield|^consent_coverage_at_send|^consent_valid_now|^school_known|^share_linkable|^progression|^study_break|^graduation_nominal(_plus_1)?|^dropout)$/.test(
      base,
    )
  )
    return "rate";
  if (
    /^(first_year_credits|engagement_score|mean_outcome|raw_difference|raw|estimate|shrink_factor)$/.test(
      base,
    )
  )
    return "mean";
  return "count";
}

/** The rows of `rows` whose every key column equals the key's value (null matching a missing column). */
export function rowsWithKey(rows: Row[], key: Row): Row[] {
  return rows.filter((row) => Object.entries(key).every(([k, v]) => (row[k] ?? null) === v));
}

/** A table cell as the page drew it (the reading's own row place is not needed here). */
type Cell = Omit<CellReading, "row">;

/** Tables whose cells need the school-of-origin minimum (DESIGN §7), so their marker is its own. */
const SCHOOL_TABLES = new Set(["pub_school_performance", "pub_school_feeder"]);
/** Flat tables that publish a suppressed count as empty with no flag beside it. */
const UNFLAGGED = new Set(["pub_data_freshness"]);

/**
 * The text a table cell must show, from the published row it names, or a reason it cannot be checked.
 * `custom` formats a column whose page format is its own (key "table.column").
 */
export function expectedCell(
  cell: Cell,
  published: (table: string) => Row[],
  manifest: Manifest,
  custom: Record<string, (value: number, row: Row) => string> = {},
): { text?: string; problem?: string } {
  // (an empty answer: nothing to check)
  const f = formatsOf(manifest.locale);
  const table = cell.table!;
  const column = cell.column!;
  const key = JSON.parse(cell.key!) as Row;
  const matches = rowsWithKey(published(table), key);
  if (matches.length > 1) return { problem: `${matches.length} rows of ${table} have the key ${cell.key}` };
  if (matches.length === 0) {
    if (cell.absent === "zero") return { text: f.num(0) };
    if (cell.absent === "none") return { text: "–" };
    return { problem: `no row of ${table} has the key ${cell.key}` };
  }
  const row = matches[0]!;
  if (!(column in row)) return { problem: `${table} has no column ${column}` };
  const value = row[column];
  // a label (a key, a name, a date, yes or no) is no figure to recompute
  if (column in key || typeof value === "string" || typeof value === "boolean") return {};
  const flagged = `${column}_suppressed` in row || `${column.replace(/_(low|high)$/, "")}_suppressed` in row;
  if (value == null && cell.kind === "text" && !flagged) return { text: "–" };
  const kind = classOf(column);
  const allowed = { count: ["count"], rate: ["rate", "rate1"], mean: ["mean"] }[kind];
  if (cell.kind !== "custom" && !allowed.includes(cell.kind)) {
    return { problem: `${table}.${column} holds a ${kind} but the page formats it as ${cell.kind}` };
  }
  if (cell.status) {
    // withheld for its status: the published row (or its stage) must say so
    const stated = Object.entries(row).some(([k, v]) => k.endsWith("status") && v === cell.status);
    const stageStatus = published("pub_funnel_stages").some(
      (d) => d.data_status === cell.status && (d.stage === row.stage || d.stage === row.previous_stage),
    );
    if (!stated && !stageStatus)
      return { problem: `${table} ${cell.key}: the page withholds it as ${cell.status}` };
    return { text: "–" };
  }
  if (value == null) {
    const flag =
      `${column}_suppressed` in row
        ? `${column}_suppressed`
        : `${column.replace(/_(low|high)$/, "")}_suppressed`;
    const suppressed = row[flag] === true || (UNFLAGGED.has(table) && kind === "count");
    if (!suppressed) return { text: "–" };
    if (kind !== "count") return { text: "suppressed" };
    const least = SCHOOL_TABLES.has(table)
      ? Math.max(manifest.disclosure.minCount, manifest.disclosure.minSchoolCell)
      : manifest.disclosure.minCount;
    return { text: SCHOOL_TABLES.has(table) ? `<${least}` : manifest.disclosure.marker };
  }
  if (typeof value !== "number")
    return { problem: `${table}.${column} is not a number: ${JSON.stringify(value)}` };
  if (kind === "count" && !Number.isInteger(value)) return { problem: `${table}.${column} count ${value}` };
  const own = custom[`${table}.${column}`];
  if (cell.kind === "custom" || own) {
    if (!own) return { problem: `no check of the page's own format of ${table}.${column}` };
    return { text: own(value, row) };
  }
  switch (cell.kind) {
    case "count":
      return { text: f.num(value) };
    case "rate":
      return { text: f.pct(0)(value) };
    case "rate1":
      return { text: f.pct(1)(value) };
    case "mean":
      return { text: f.dec(1)(value) };
    default:
      return { problem: `unknown kind ${cell.kind}` };
  }
}

/** Newcombe's interval for a difference of two rates, from their Wilson bounds. */
export function newcombe(a: number, aLow: number, aHigh: number, b: number, bLow: number, bHigh: number) {
  const d = a - b;
  return {
    lift: d,
    low: d - Math.sqrt((a - aLow) ** 2 + (bHigh - b) ** 2),
    high: d + Math.sqrt((aHigh - a) ** 2 + (b - bLow) ** 2),
  };
}
