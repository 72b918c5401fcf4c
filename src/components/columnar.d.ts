export function toColumns(rows: unknown, keep?: readonly string[]): unknown;
export function fromColumns(data: unknown): unknown;
