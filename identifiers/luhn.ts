/**
 * Luhn (mod 10) check digits, as used by Swedish personnummer and samordningsnummer.
 *
 * Both functions work on any length, but Swedish IDs always use the 10-digit `YYMMDDNNNC` form:
 * the century is not part of the checksum, so `19121212…` and `20121212…` share a check digit.
 */

const DIGITS = /^\d+$/;

function assertDigits(value: string, what: string): void {
  if (!DIGITS.test(value)) {
    throw new RangeError(`${what} must be a non-empty string of ASCII digits, got ${JSON.stringify(value)}`);
  }
}

/** Weighted sum where the rightmost digit gets weight 1 when `checkDigitIncluded`, else weight 2. */
function luhnSum(digits: string, checkDigitIncluded: boolean): number {
  let sum = 0;
  let double = !checkDigitIncluded;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** The digit that makes `payload + digit` Luhn-valid (for Swedish IDs: the nine digits `YYMMDDNNN`). */
export function luhnCheckDigit(nineDigits: string): number {
  assertDigits(nineDigits, "luhnCheckDigit payload");
  return (10 - (luhnSum(nineDigits, false) % 10)) % 10;
}

/**
 * Whether the digit string (payload plus trailing check digit, for Swedish IDs the ten digits
 * `YYMMDDNNNC`) passes the Luhn check. Returns false, rather than throwing, for anything that is not
 * at least two ASCII digits, so it can be used directly as a predicate on raw data.
 */
export function luhnValid(tenDigits: string): boolean {
  if (tenDigits.length < 2 || !DIGITS.test(tenDigits)) return false;
  return luhnSum(tenDigits, true) % 10 === 0;
}
