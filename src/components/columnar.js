// The site's data files are columnar: a published table is an array of rows with the same keys, whose
// key names and repeated values (intakes, stages, suppression flags, nulls) made most of its bytes. The
// data loaders write { columnar: 1, length, columns } instead, and the page turns it back into the very
// rows the release published (same keys, order and values): a loader may only project and filter.

/** A column with few distinct values is written as a dictionary of them and an index per row. */
function encodeColumn(values) {
  const dictionary = [];
  const index = new Map();
  for (const value of values) {
    const key = JSON.stringify(value);
    if (!index.has(key)) {
      index.set(key, dictionary.length);
      dictionary.push(value);
      // too many distinct values: the plain array is as small
      if (dictionary.length * 4 > values.length + 16) return values;
    }
  }
  return { dictionary, index: values.map((value) => index.get(JSON.stringify(value))) };
}

/**
 * Rows (each with the same keys, in the same order) as columns; `keep` names the columns a page reads
 * (all when omitted). Anything else (an object, rows of differing keys) is passed through unchanged.
 */
export function toColumns(rows, keep) {
  if (!Array.isArray(rows)) return rows;
  const keys = rows.length === 0 ? [] : Object.keys(rows[0]);
  const same = rows.every(
    (row) =>
      row !== null &&
      typeof row === "object" &&
      !Array.isArray(row) &&
      Object.keys(row).join("\u0000") === keys.join("\u0000"),
  );
  if (!same) return rows;
  const columns = {};
  for (const key of keep ? keys.filter((k) => keep.includes(k)) : keys) {
    columns[key] = encodeColumn(rows.map((row) => row[key]));
  }
  return { columnar: 1, length: rows.length, columns };
}

/** The rows back from toColumns' output; an array (or any other value) is returned as it is. */
export function fromColumns(data) {
  if (data === null || typeof data !== "object" || data.columnar !== 1) return data;
  const entries = Object.entries(data.columns).map(([key, column]) => [
    key,
    Array.isArray(column) ? column : column.index.map((i) => column.dictionary[i]),
  ]);
  const rows = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const row = {};
    for (const [key, values] of entries) row[key] = values[i];
    rows[i] = row;
  }
  return rows;
}
