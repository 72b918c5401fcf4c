// Types of format.js for the TypeScript tests (the site itself loads the .js).
export interface Formats {
  locale: string;
  num(value: number): string;
  pct(digits?: number, sign?: "auto" | "exceptZero"): (value: number) => string;
  signedPct(digits?: number): (value: number) => string;
  pp(digits?: number): (value: number) => string;
  dec(digits: number): (value: number) => string;
  date(iso: string): string;
  dateTime(iso: string): string;
}
export function formats(locale?: string): Formats;
