/**
 * Realistic dirt: the small damage that real extracts carry. Every function here is pure given its
 * random stream, and returns the tag that the truth records for the row.
 */
import type { Rng } from "./prng.ts";
import { stripDiacritics } from "./writers/fold.ts";

export type NameDirt =
  | "typo_first_name"
  | "typo_last_name"
  | "swapped_names"
  | "diacritics_dropped"
  | "email_changed"
  | "upper_case_name";

export type RowDirt = "duplicate_row" | "wrong_column_count" | "bad_date" | "invalid_id";

/** How dirt is split: name damage at the full rate; structural damage far rarer, as in real exports. */
export const DIRT_SHARES = {
  duplicateRow: 0.1,
  malformed: 0.03,
  /** CRM persons entered twice as separate contacts. */
  duplicateContact: 0.8,
} as const;

/** One typing slip: two letters swapped, one dropped or one doubled. */
export function typo(rng: Rng, s: string): string {
  const chars = [...s];
  if (chars.length < 3) return `${s}${chars[chars.length - 1] ?? "e"}`;
  const i = rng.int(1, chars.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      if (chars[i] === chars[i + 1]) return chars.toSpliced(i, 1).join("");
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      return chars.join("");
    case 1:
      return chars.toSpliced(i, 1).join("");
    default:
      return chars.toSpliced(i, 0, chars[i]!).join("");
  }
}

export interface NameFields {
  first: string;
  last: string;
  email: string | null;
}

/** Damages a record's name or e-mail in one of the ways people and forms do. */
export function dirtyName(
  rng: Rng,
  f: NameFields,
  altEmail: string | null,
): { fields: NameFields; tag: NameDirt } {
  const hasDiacritics = stripDiacritics(f.first + f.last) !== f.first + f.last;
  const options: NameDirt[] = ["typo_first_name", "typo_last_name", "swapped_names", "upper_case_name"];
  if (hasDiacritics) options.push("diacritics_dropped", "diacritics_dropped");
  if (f.email && altEmail) options.push("email_changed", "email_changed");
  const tag = rng.pick(options);
  switch (tag) {
    case "typo_first_name":
      return { fields: { ...f, first: typo(rng, f.first) }, tag };
    case "typo_last_name":
      return { fields: { ...f, last: typo(rng, f.last) }, tag };
    case "swapped_names":
      return { fields: { ...f, first: f.last, last: f.first }, tag };
    case "upper_case_name":
      return { fields: { ...f, last: f.last.toUpperCase() }, tag };
    case "diacritics_dropped":
      return { fields: { ...f, first: stripDiacritics(f.first), last: stripDiacritics(f.last) }, tag };
    case "email_changed":
      return { fields: { ...f, email: altEmail }, tag };
  }
}

/** An impossible date written in the column's own format, so only a real date check catches it. */
export function badDate(rng: Rng, value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(value);
  if (iso) return rng.chance(0.5) ? `${iso[1]}-02-30${iso[4]}` : `${iso[1]}-13-${iso[3]}${iso[4]}`;
  const nl = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  if (nl) return rng.chance(0.5) ? `30-02-${nl[3]}` : `${nl[1]}-13-${nl[3]}`;
  return "31/02/2025";
}

/** A national ID with a wrong check digit (Luhn or 11-proof fails for any single-digit change). */
export function invalidId(rng: Rng, value: string): string {
  const last = value.charCodeAt(value.length - 1) - 48;
  if (last < 0 || last > 9) return `${value.slice(0, -1)}0`;
  return value.slice(0, -1) + String((last + rng.int(1, 9)) % 10);
}
