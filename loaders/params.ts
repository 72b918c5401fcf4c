import type { DuckDBValue } from "@duckdb/node-api";

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
