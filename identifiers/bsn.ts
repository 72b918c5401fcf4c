/**
 * Dutch burgerservicenummer (BSN): nine digits passing the "11-proof" (elfproef)
 * 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). Because 11 is prime and every weight is below 11 in
 * absolute value, any single-digit error changes the sum by a non-multiple of 11 and is caught.
 */
import type { IdParseResult } from "./swedish-id.ts";

export interface Bsn {
  normalized: string;
  /** Identity key for matching: `nl:` + normalized. */
  key: string;
}

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const;

function elevenProofSum(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i]! * (nineDigits.charCodeAt(i) - 48);
  return sum;
}

/**
 * Validates a BSN. An 8-digit value is left-padded with one zero, because spreadsheets drop the
 * leading zero of BSNs below 100000000. Messages never repeat the input (see swedish-id.ts).
 */
export function parseBsn(input: string): IdParseResult<Bsn> {
  if (typeof input !== "string") return { ok: false, reason: "bad_format", message: "BSN must be a string" };
  const s = input.trim();
  if (s === "") return { ok: false, reason: "empty", message: "BSN is empty" };
  if (!/^\d{8,9}$/.test(s)) {
    return {
      ok: false,
      reason: "bad_format",
      message: "BSN must be 9 digits (or 8 digits missing a leading zero)",
    };
  }
  const normalized = s.padStart(9, "0");
  // The all-zero value passes the 11-proof trivially.
  if (normalized === "000000000")
    return { ok: false, reason: "all_zero", message: "An all-zero BSN is never issued" };
  if (elevenProofSum(normalized) % 11 !== 0) {
    return { ok: false, reason: "bad_checksum", message: "BSN fails the 11-proof" };
  }
  return { ok: true, value: { normalized, key: `nl:${normalized}` } };
}

/**
 * Completes eight digits to a valid BSN, or returns null when no ninth digit satisfies the 11-proof
 * (about one prefix in eleven) or the result would be all zeros. Throws RangeError unless given
 * exactly eight ASCII digits.
 */
export function makeBsn(eightDigits: string): string | null {
  if (typeof eightDigits !== "string" || !/^\d{8}$/.test(eightDigits)) {
    throw new RangeError("makeBsn expects exactly eight ASCII digits");
  }
  // The ninth digit has weight -1, so it must equal the weighted sum of the first eight mod 11.
  const last = elevenProofSum(`${eightDigits}0`) % 11;
  if (last === 10) return null;
  const bsn = eightDigits + last;
  return bsn === "000000000" ? null : bsn;
}
