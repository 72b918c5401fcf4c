import type { CellValue } from "exceljs";
import type { FieldKind } from "../contract.ts";
import { strftime } from "./strftime.ts";

export interface CellTarget {
  kind: FieldKind;
  /** strptime format of a date or timestamp field */
  format: string;
}

export interface RenderContext {
  date1904: boolean;
  decimalComma: boolean;
  /** Formula cells saved without a calculated value; they render empty and are reported. */
  missingResults: number;
}

const DAY_MS = 86_400_000;
/** The largest serial Excel accepts: 9999-12-31. */
const MAX_SERIAL = 2_958_465;
const SERIAL_TEXT = /^\d{1,7}(\.\d+)?$/;

function isTemporal(target: CellTarget | null): target is CellTarget {
  return target?.kind === "date" || target?.kind === "timestamp";
}

/** Excel's day count: 1900 system from 1899-12-30 (its phantom 1900-02-29 is serial 60), or 1904. */
export function serialToDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const days = !date1904 && serial < 60 ? serial + 1 : serial;
  return new Date(epoch + Math.round(days * 86_400) * 1000);
}

function renderDate(date: Date, target: CellTarget | null): string {
  // Excel stores times as day fractions; exceljs can land a millisecond short of the second.
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  if (isTemporal(target)) return strftime(rounded, target.format);
  return rounded.getTime() % DAY_MS === 0
    ? strftime(rounded, "%Y-%m-%d")
    : strftime(rounded, "%Y-%m-%d %H:%M:%S");
}

function renderNumber(value: number, numFmt: string | undefined, ctx: RenderContext): string {
  // A code formatted "0000" is shown with its leading zeros; the cell holds only the number.
  if (Number.isInteger(value) && numFmt && /^0+$/.test(numFmt))
    return String(value).padStart(numFmt.length, "0");
  const text = String(value);
  return ctx.decimalComma ? text.replace(".", ",") : text;
}

function isSerial(value: number): boolean {
  return value >= 1 && value <= MAX_SERIAL;
}

/**
 * A cell as the text a CSV export of it would hold: formulas by their cached result (never
 * evaluated), rich text and hyperlinks by their text, dates in their field's format, and serial
 * numbers in date fields (Excel's dates that lost their format, or typed as text) as dates.
 */
export function cellText(
  value: CellValue,
  numFmt: string | undefined,
  target: CellTarget | null,
  ctx: RenderContext,
): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return renderDate(value, target);
  if (typeof value === "number") {
    return isTemporal(target) && isSerial(value)
      ? renderDate(serialToDate(value, ctx.date1904), target)
      : renderNumber(value, numFmt, ctx);
  }
  if (typeof value === "string") {
    const trimmed = value.trim();
    return isTemporal(target) && SERIAL_TEXT.test(trimmed) && isSerial(Number(trimmed))
      ? renderDate(serialToDate(Number(trimmed), ctx.date1904), target)
      : value;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if ("formula" in value || "sharedFormula" in value) {
    if (value.result === undefined) {
      ctx.missingResults++;
      return "";
    }
    return cellText(value.result, numFmt, target, ctx);
  }
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("hyperlink" in value) return cellText(value.text as CellValue, numFmt, target, ctx);
  return value.error;
}
