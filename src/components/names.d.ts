// Types of names.js for the TypeScript tests (the site itself loads the .js).
type Row = Record<string, unknown>;
export function namer(
  rows: Row[] | null | undefined,
  codeKey: string,
  nameKey: string,
): (code: unknown) => unknown;
export function words(code: unknown): string | null | undefined;
export function programmeNamer(catalogue: Row[] | null | undefined): (code: unknown) => unknown;
export function schoolNamer(catalogue: Row[] | null | undefined): (code: unknown) => unknown;
export function shortLabel<T extends string | null | undefined>(
  text: T,
  max: number,
): T extends string ? string : T;
