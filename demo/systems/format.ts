/** Formats shared by the source-system writers: file formats, written ID forms, numbers. */
import { formatSwedishId, type SwedishIdFormatStyle } from "../../identifiers/index.ts";
import { isoDate } from "../calendar.ts";
import type { Person } from "../person.ts";
import { hashInts, Rng } from "../prng.ts";
import type { CsvFormat } from "../writers/csv.ts";

export const CRM_CSV: CsvFormat = { encoding: "utf-8-bom", delimiter: ",", eol: "\r\n" };
export const SWEDISH_REPORT: CsvFormat = { encoding: "windows-1252", delimiter: ";", eol: "\r\n" };
export const DUTCH_EXPORT: CsvFormat = { encoding: "utf-8", delimiter: ";", eol: "\r\n" };
export const OSIRIS_EXPORT: CsvFormat = { encoding: "utf-8-bom", delimiter: ";", eol: "\r\n" };
export const PLAIN_CSV: CsvFormat = { encoding: "utf-8", delimiter: ",", eol: "\n" };

/** A random stream fixed per person and purpose, so per-person choices do not disturb the main stream. */
export function personRng(seed: number, p: Person, salt: number): Rng {
  return new Rng(hashInts(seed, p.index, salt));
}

/**
 * Writes a normalised Swedish ID in one of the customary forms. A 10-digit form without separator is
 * avoided where it cannot be read back: for people aged 100 or more (century lost) and for people
 * born in a year ending in 07 (it reads as a mobile number).
 */
export function writeSwedishId(normalized: string, style: SwedishIdFormatStyle, refDay: number): string {
  const ref = isoDate(refDay);
  if (style === "10") {
    const born = Number(normalized.slice(0, 4));
    const ageYears = Number(ref.slice(0, 4)) - born;
    if (normalized.slice(2, 4) === "07" || ageYears >= 99) style = "10-";
  }
  return formatSwedishId(normalized, style, ref);
}

/** The Swedish number a system holds for the person on a day: national once issued, else interim (Ladok only). */
export function swedishIdOn(p: Person, dayOrSeconds: number, allowInterim: boolean): string | null {
  const d = dayOrSeconds > 1e7 ? Math.floor(dayOrSeconds / 86_400) : dayOrSeconds;
  if (p.swedish && p.swedish.from <= d) return p.swedish.id;
  return allowInterim ? p.interim : null;
}

/** Decimal comma, as Swedish and Dutch exports write numbers. */
export function decimalComma(x: number, digits: number): string {
  return x.toFixed(digits).replace(".", ",");
}

/** Credits such as 7.5 written the Swedish way ("7,5"), whole numbers without decimals. */
export function credits(x: number): string {
  return Number.isInteger(x) ? String(x) : decimalComma(x, 1);
}
