// "Download CSV" under every chart and table: the published rows behind it, as the release has them. The
// rows are the page's own selection of a published table (filtered as the chart is, never recomputed), so a
// reader can check a chart against its numbers or take them into a spreadsheet; a figure disclosure control
// withheld is written as its marker, never as a value, since the published row has none.
import { missingCell } from "./cells.js";

/** A published column's kind for its marker: a rate or its bound (it has an interval) is no count. */
function kindOf(row, column, kinds) {
  if (column in kinds) return kinds[column];
  const base = column.replace(/_(low|high)$/, "");
  if (`${column}_low` in row || (base !== column && `${base}_low` in row)) return "rate";
  return "count";
}

/** A text cell a spreadsheet would run as a formula (=, +, -, @) is written with a leading apostrophe. */
function safeText(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field holding a separator, a quote or a line break is quoted, its quotes doubled. */
function quote(field) {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * The CSV's columns and fields: the published columns in their order, less each `x_suppressed` flag whose
 * column `x` is there (its marker says it); a withheld count is the disclosure marker (“<5”), a withheld rate
 * or mean the word "suppressed", no figure an empty field. `kinds` names a column that is no count and has no
 * interval (a mean); `school: true` marks a school-of-origin table, whose marker is minSchoolCell's.
 */
export function csvFields(rows, { disclosure, kinds = {}, school = false }) {
  const schoolCell = Math.max(disclosure.minCount, disclosure.minSchoolCell ?? 0);
  const rules = school ? { ...disclosure, minCount: schoolCell, marker: `<${schoolCell}` } : disclosure;
  const keys = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  const columns = keys.filter((key) => !(key.endsWith("_suppressed") && keys.includes(key.slice(0, -11))));
  const field = (row, column) => {
    const value = row[column];
    if (value == null || (typeof value === "number" && Number.isNaN(value))) {
      const empty = missingCell(row, column, kindOf(row, column, kinds), rules);
      return empty?.reason === "suppressed" ? empty.text : "";
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    // a list (a metric's audiences) as its items; anything else structured as JSON
    const text = Array.isArray(value)
      ? value.join("; ")
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
    return safeText(text);
  };
  return { columns, fields: rows.map((row) => columns.map((column) => field(row, column))) };
}

/** The rows as CSV text: a header line, CRLF line ends, and a byte-order mark so spreadsheets read UTF-8. */
export function toCsv(rows, options) {
  const { columns, fields } = csvFields(rows, options);
  const lines = [columns, ...fields].map((line) => line.map(quote).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** "Channels and campaigns" → "channels-and-campaigns". */
const slug = (text) =>
  String(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The file's name: the page, the published table (less its pub_ prefix) and the filters the rows are for. */
export function csvName(page, table, filters = []) {
  const parts = [page, table.replace(/^pub_/, ""), ...filters.filter((f) => f != null && f !== "")];
  return `${parts.map(slug).filter(Boolean).join("_")}.csv`;
}

/**
 * downloadFor(manifest, page) gives download(rows, { table, filters, label, kinds, school }): a "Download CSV"
 * button for rows of the published table `table` (the rows a chart or table draws, as published), whose file
 * names the page, the table and `filters` (the values the rows were selected by). A chart or table drawn from
 * several published tables gets a button for each: download([[rows, options], ...]), each with its label.
 * A button carries data-table and data-rows (how many), for a reader's tools and the site's tests.
 */
export function downloadFor(manifest, page) {
  const button = (rows, { table, filters = [], label = "Download CSV", kinds = {}, school = false }) => {
    const name = csvName(page, table, filters);
    const element = document.createElement("button");
    element.type = "button";
    element.className = "slm-download";
    element.textContent = label;
    element.title = `${rows.length} published rows of ${table}, as ${name}`;
    element.dataset.table = table;
    element.dataset.rows = String(rows.length);
    element.addEventListener("click", () => {
      const text = toCsv(rows, { disclosure: manifest.disclosure, kinds, school });
      const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // the browser has read the blob once the click's download started
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
    return element;
  };
  return (rows, options = {}) => {
    const bar = document.createElement("div");
    bar.className = "slm-downloads";
    const parts = options.table === undefined && Array.isArray(rows[0]) ? rows : [[rows, options]];
    // of several tables, one with no rows here (no forecast for the intake) gets no button
    const shown = parts.length > 1 ? parts.filter(([partRows]) => partRows.length > 0) : parts;
    for (const [partRows, partOptions] of shown) bar.append(button(partRows, partOptions));
    return bar;
  };
}
