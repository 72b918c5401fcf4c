// The one table every page shows published rows with. Inputs.table skips its format for empty values,
// which left suppressed and no-source cells blank and notes promising markers that never appeared; here
// every empty cell says what it is (missingCell) with a tooltip why, and numbers follow the locale.
// Each cell also names where its figure comes from (data-table, data-key, data-column: the published
// table, the row's key and the published column) and its kind (data-kind), so one check over the built
// site can recompute every cell of every table from the published files.
import * as Inputs from "@observablehq/inputs";
import { formatterOf, missingCell, NUMERIC_KINDS } from "./cells.js";
import { formats } from "./format.js";

/** An empty cell's stand-in: sorts as no number (last), draws as its marker with a tooltip. */
class Missing {
  constructor(text, title, reason) {
    Object.assign(this, { text, title, reason });
  }
  valueOf() {
    return Number.NaN;
  }
  toString() {
    return this.text;
  }
}

/**
 * The provenance of a table's cells from a published table: `key` names the row's key columns, `columns`
 * the published column a shown column comes from where the names differ (the row may rename a column or
 * replace a code with its name; keep the published value under `keyOf` then).
 */
export function fromPublished(table, key, { columns = {}, keyOf = {} } = {}) {
  return (row, column) => ({
    table,
    key: Object.fromEntries(key.map((k) => [k, k in keyOf ? keyOf[k](row) : (row[k] ?? null)])),
    column: columns[column] ?? column,
  });
}

/** A cell's provenance as data attributes (none for a cell whose source gives none, e.g. a label). */
function mark(element, column, provenance, kind, value) {
  element.dataset.shown = column;
  // a format of the page's own: a number so formatted is "custom", a label (a school's name) is text
  element.dataset.kind =
    typeof kind === "function" ? (typeof value === "number" ? "custom" : "text") : (kind ?? "count");
  if (!provenance) return element;
  // what a missing row means, where the table has a rule for it: a true 0, or no figure
  if (provenance.absent) element.dataset.absent = provenance.absent;
  // a figure the page withholds for the row's status (a stage no source records, a window not closed)
  if (provenance.status) element.dataset.status = provenance.status;
  element.dataset.table = provenance.table;
  element.dataset.key = JSON.stringify(provenance.key);
  element.dataset.column = provenance.column;
  return element;
}

/**
 * tableFor(manifest) gives table(rows, options): Inputs.table's options plus `kinds`, each column's
 * kind (count, the default for numbers; rate, rate1, change, pp, mean, text; or a format function).
 * `format` still overrides a column's format for the values it has; `school: true` marks a school-of-origin
 * table, whose cells need minSchoolCell persons; `source` gives each cell's provenance (fromPublished, or
 * (row, column) => { table, key, column } | null for a cell of another row or none); `wrap: true` wraps long
 * text in its cells and shows every row (a table of prose, such as the Definitions page's).
 */
export function tableFor(manifest) {
  const f = formats(manifest.locale);
  const disclosure = manifest.disclosure;
  // school-of-origin cells need more persons (minSchoolCell): their marker and tooltip say so
  const schoolCell = Math.max(disclosure.minCount, disclosure.minSchoolCell);
  const forSchools = { ...disclosure, minCount: schoolCell, marker: `<${schoolCell}` };
  return (
    rows,
    {
      columns,
      kinds = {},
      format = {},
      align = {},
      school = false,
      source = null,
      wrap = false,
      ...options
    } = {},
  ) => {
    const rules = school ? forSchools : disclosure;
    const shown = columns ?? Object.keys(rows[0] ?? {}).filter((k) => !/_(suppressed|status)$/.test(k));
    const kindOf = (column) =>
      kinds[column] ?? (rows.some((row) => typeof row[column] === "number") ? "count" : "text");
    // the published row behind each shown row, found by index (Inputs.table passes it to the format)
    const origin = rows;
    const data = rows.map((row) => {
      const out = { ...row };
      for (const column of shown) {
        const empty = missingCell(row, column, kindOf(column), rules);
        if (empty) out[column] = new Missing(empty.text, empty.title, empty.reason);
      }
      return out;
    });
    const draw = (column) => {
      const present = format[column] ?? formatterOf(kindOf(column), f);
      const provenance = (i) => (source ? source(origin[i], column) : null);
      return (value, i, all) => {
        const span = document.createElement("span");
        if (!(value instanceof Missing)) {
          const shown = present(value, i, all);
          span.append(shown instanceof Node ? shown : String(shown ?? ""));
          return mark(span, column, provenance(i), kindOf(column), value);
        }
        span.className = `slm-missing slm-${value.reason === "suppressed" ? "suppressed" : "no-value"}`;
        span.textContent = value.text;
        span.title = value.title;
        return mark(span, column, provenance(i), kindOf(column), null);
      };
    };
    const table = Inputs.table(data, {
      // prose is read whole: every row is drawn (the table grows with them rather than scrolling)
      ...(wrap ? { rows: data.length } : {}),
      columns: shown,
      format: Object.fromEntries(shown.map((column) => [column, draw(column)])),
      align: Object.fromEntries(
        shown.map((column) => [
          column,
          align[column] ?? (NUMERIC_KINDS.has(kindOf(column)) ? "right" : "left"),
        ]),
      ),
      ...options,
    });
    if (wrap) {
      table.classList.add("slm-wrap");
      table.style.maxHeight = "none";
    }
    return table;
  };
}
