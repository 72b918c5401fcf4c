// Types of cells.js for the TypeScript tests (the site itself loads the .js).
import type { Disclosure } from "../../pipelines/disclosure/settings.ts";
import type { Formats } from "./format.js";

type Row = Record<string, unknown>;
export function missingCell(
  row: Row,
  column: string,
  kind: unknown,
  disclosure: Disclosure,
): { text: string; title: string; reason: string } | null;
export function formatterOf(kind: unknown, f: Formats): (value: unknown) => string;
export const NUMERIC_KINDS: Set<string>;
