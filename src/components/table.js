// The one table every page shows published rows with. Inputs.table skips its format for empty values,
// which left suppressed and no-source cells blank and notes promising markers that never appeared; here
// every empty cell says what it is (missingCell) with a tooltip why, and numbers follow the locale.
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
 * tableFor(manifest) gives table(rows, options): Inputs.table's options plus `kinds`, each column's
 * kind (count, the default for numbers; rate, rate1, change, pp, mean, text; or a format function).
 * `format` still overrides a column's format for the values it has; `school: true` marks a school-of-origin
 * table, whose cells need minSchoolCell persons; `wrap: true` wraps long text in its cells and shows every row
 * (a table of prose, such as the Definitions page's).
 */
export function tableFor(manifest) {
  const f = formats(manifest.locale);
  const disclosure = manifest.disclosure;
  // school-of-origin cells need more persons (minSchoolCell): their marker and tooltip say so
  const schoolCell = Math.max(disclosure.minCount, disclosure.minSchoolCell);
  const forSchools = { ...disclosure, minCount: schoolCell, marker: `<${schoolCell}` };
  return (
    rows,
    { columns, kinds = {}, format = {}, align = {}, school = false, wrap = false, ...options } = {},
  ) => {
    const rules = school ? forSchools : disclosure;
    const shown = columns ?? Object.keys(rows[0] ?? {}).filter((k) => !/_(suppressed|status)$/.test(k));
    const kindOf = (column) =>
      kinds[column] ?? (rows.some((row) => typeof row[column] === "number") ? "count" : "text");
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
      return (value, i, all) => {
        if (!(value instanceof Missing)) return present(value, i, all);
        const span = document.createElement("span");
        span.className = `slm-missing slm-${value.reason === "suppressed" ? "suppressed" : "no-value"}`;
        span.textContent = value.text;
        span.title = value.title;
        return span;
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
