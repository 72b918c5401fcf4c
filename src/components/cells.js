// What a table cell without a value shows, and why (the cell's tooltip). Inputs.table never formats an
// empty value, so without this a suppressed cell and one no source records both render as a blank.
// Pure: the table helper (table.js) draws what this decides.

/** Why a figure is not there, by the status a pipeline publishes beside it. */
const STATUS_REASONS = {
  no_source: "No loaded source records this, so there is no figure (not 0).",
  not_observable: "Not observable yet: the period this outcome is measured over has not closed.",
  not_yet_observable: "Not observable yet: the period this outcome is measured over has not closed.",
  window_open: "Not observable yet: the period this outcome is measured over has not closed.",
  pending: "Not observable yet: the period this outcome is measured over has not closed.",
};
const NO_VALUE = "No figure: not observable yet, or no loaded source records it.";

const missing = (value) => value == null || (typeof value === "number" && Number.isNaN(value));

/** The suppression flag that covers a column: its own, or its rate's for an interval bound. */
function suppressedFlag(row, column) {
  for (const key of [`${column}_suppressed`, `${column.replace(/_(low|high)$/, "")}_suppressed`]) {
    if (key in row) return row[key] === true;
  }
  return false;
}

/** A status published beside the value: its own column's, the row's (data_status, status, *_status). */
function statusOf(row, column) {
  const keys = [
    `${column}_status`,
    "data_status",
    "status",
    ...Object.keys(row).filter((k) => k.endsWith("_status")),
  ];
  for (const key of keys) {
    const status = row[key];
    if (typeof status === "string" && status !== "ok") return status;
  }
  return null;
}

/**
 * The text and tooltip of a cell that has no value, or null when it has one. `kind` is the column's
 * kind (count, rate, mean...): a suppressed count shows the marker (“<5”), other suppressed figures
 * the word, since “<5” under a percentage would read as less than 5%.
 */
export function missingCell(row, column, kind, disclosure) {
  if (!missing(row?.[column])) return null;
  if (suppressedFlag(row, column)) {
    const count = kind === "count";
    return {
      text: count ? disclosure.marker : "suppressed",
      title: count
        ? `Suppressed to protect privacy: fewer than ${disclosure.minCount} persons, or hidden together with such a cell so it cannot be worked out from the totals.`
        : `Suppressed to protect privacy: it rests on fewer than ${kind === "mean" ? disclosure.meanShownFrom : disclosure.rateShownFrom} persons (as published), or on a suppressed count.`,
      reason: "suppressed",
    };
  }
  const status = statusOf(row, column);
  return {
    text: "–",
    title: status ? (STATUS_REASONS[status] ?? `No figure (${status.replaceAll("_", " ")}).`) : NO_VALUE,
    reason: status ?? "no_value",
  };
}

/** The format of a column's values, by its kind, in the institution's locale (format.js). */
export function formatterOf(kind, f) {
  if (typeof kind === "function") return kind;
  switch (kind ?? "count") {
    case "count":
      return (v) => (typeof v === "number" ? f.num(v) : String(v));
    case "rate":
      return f.pct(0);
    case "rate1":
      return f.pct(1);
    case "change":
      return f.signedPct(0);
    case "pp":
      return f.pp(0);
    case "mean":
      return f.dec(1);
    case "text":
      return (v) => String(v);
    default:
      throw new Error(`unknown column kind ${kind}`);
  }
}

/** Columns of these kinds hold numbers and are right-aligned. */
export const NUMERIC_KINDS = new Set(["count", "rate", "rate1", "change", "pp", "mean"]);
