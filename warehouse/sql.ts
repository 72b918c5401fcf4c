/**
 * Identifiers cannot be bound as parameters, so every identifier that reaches SQL text goes through
 * here; values never do — they are bound.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error("empty SQL identifier");
  if (name.includes("\0")) throw new Error("SQL identifier contains a NUL byte");
  return `"${name.replaceAll('"', '""')}"`;
}

/** schema.table, each part quoted. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/**
 * For the few places DuckDB accepts no parameter (table-function options such as a read_csv path in
 * some positions, PRAGMA/SET values): a string literal with quotes doubled.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("SQL literal contains a NUL byte");
  return `'${value.replaceAll("'", "''")}'`;
}
