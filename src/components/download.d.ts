// Types of download.js for the TypeScript tests (the site itself loads the .js).
import type { Disclosure } from "../../pipelines/disclosure/settings.ts";

type Row = Record<string, unknown>;
export interface CsvOptions {
  disclosure: Disclosure;
  kinds?: Record<string, string>;
  school?: boolean;
}
export function csvFields(rows: Row[], options: CsvOptions): { columns: string[]; fields: string[][] };
export function toCsv(rows: Row[], options: CsvOptions): string;
export function csvName(page: string, table: string, filters?: unknown[]): string;
