import { RequestError } from "./errors.ts";

/** The day retention periods are counted to: the one given (YYYY-MM-DD), else today. */
export function retentionDate(value: string | undefined): string {
  const asOf = value ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new RequestError(`--as-of: expected a date YYYY-MM-DD, got "${asOf}"`);
  }
  return asOf;
}
