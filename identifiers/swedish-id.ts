/**
 * Swedish personnummer, samordningsnummer and interim numbers (DESIGN §5, identity rule 1).
 *
 * Messages never repeat the input: they end up in logs and reject tables, and a national ID there
 * would defeat the pseudonymisation done downstream of `raw`.
 */
import { luhnCheckDigit, luhnValid } from "./luhn.ts";

export type IdInvalidReason =
  | "empty"
  | "bad_format"
  | "phone_lookalike"
  | "bad_date"
  | "serial_000"
  | "bad_checksum"
  | "interim_without_issuer"
  | "bad_letter"
  | "all_zero";

export type IdParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: IdInvalidReason; message: string };

export type SwedishIdKind = "personnummer" | "samordningsnummer" | "interim";

export interface SwedishId {
  kind: SwedishIdKind;
  /** `YYYYMMDDNNNC`; samordningsnummer keep day + 60, interim numbers keep their (upper-case) letter. */
  normalized: string;
  /** Real birth date, ISO `YYYY-MM-DD` (day - 60 already applied for samordningsnummer). */
  birthDate: string;
  /** Issuing institution for interim numbers, null for national numbers. */
  issuer: string | null;
  /**
   * Identity key for matching: `se:` + normalized, or `se-interim:` + issuer + `:` + normalized,
   * because the same interim number issued by two institutions denotes two different people.
   */
  key: string;
}

export interface SwedishIdParseOptions {
  /**
   * Date the century is inferred against (default: today). A `Date` is read in UTC, which is what
   * `new Date("2026-11-23")` means; a string must start with `YYYY-MM-DD`.
   */
  referenceDate?: Date | string;
  /** Institution that issued the value; required for an interim number to be valid. */
  issuer?: string;
}

export type SwedishIdFormatStyle = "12" | "12-" | "10" | "10-";

/** Letters that may replace the first serial digit of an interim number; each counts as 1 for Luhn. */
export const INTERIM_LETTERS: readonly string[] = ["T", "R", "S", "U", "W", "X", "J", "K", "L", "M", "N"];

const INTERIM_LETTER_SET = new Set(INTERIM_LETTERS);

/** Day-of-month offset of a samordningsnummer. */
const COORDINATION_DAY_OFFSET = 60;

// The serial slot is matched loosely (\S) so that a wrong letter can be reported as such.
const SHORT_FORM = /^(\d{2})(\d{2})(\d{2})([-+]?)(\S)(\d{2})(\d)$/;
const LONG_FORM = /^(\d{2})(\d{2})(\d{2})(\d{2})(-?)(\S)(\d{2})(\d)$/;
const NORMALIZED_FORM = new RegExp(
  `^(\\d{4})(\\d{2})(\\d{2})([0-9${INTERIM_LETTERS.join("")}])(\\d{2})(\\d)$`,
  "i",
);

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function fail(
  reason: IdInvalidReason,
  message: string,
): { ok: false; reason: IdInvalidReason; message: string } {
  return { ok: false, reason, message };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function isRealDate({ y, m, d }: Ymd): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Orders dates as numbers; also defined for impossible dates, which are rejected separately. */
function ordinal({ y, m, d }: Ymd): number {
  return y * 10_000 + m * 100 + d;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

function toIso({ y, m, d }: Ymd): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function parseIsoDate(value: string, what: string, prefixOnly: boolean): Ymd {
  const match = (prefixOnly ? /^(\d{4})-(\d{2})-(\d{2})/ : /^(\d{4})-(\d{2})-(\d{2})$/).exec(value);
  const ymd = match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
  if (!ymd || !isRealDate(ymd)) {
    throw new RangeError(
      `${what} must be a real calendar date in the form YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  }
  return ymd;
}

function referenceYmd(ref: Date | string | undefined): Ymd {
  if (ref === undefined) ref = new Date();
  if (typeof ref === "string") return parseIsoDate(ref, "referenceDate", true);
  if (Number.isNaN(ref.getTime())) throw new RangeError("referenceDate is an invalid Date");
  return { y: ref.getUTCFullYear(), m: ref.getUTCMonth() + 1, d: ref.getUTCDate() };
}

/**
 * The latest year ending in `yy` whose (month, day) is not after the reference date, i.e. the birth
 * year of someone under 100; with `plus` (the person has turned 100) one century earlier.
 */
function inferYear(yy: number, m: number, d: number, ref: Ymd, plus: boolean): number {
  let y = ref.y - ((((ref.y - yy) % 100) + 100) % 100);
  if (ordinal({ y, m, d }) > ordinal(ref)) y -= 100;
  return plus ? y - 100 : y;
}

/** Whether someone born on `birth` has turned 100 on `ref` (a 29 February birthday turns on 1 March). */
function isCentenarian(birth: Ymd, ref: Ymd): boolean {
  return ordinal({ ...birth, y: birth.y + 100 }) <= ordinal(ref);
}

/**
 * Phone numbers in CRM extracts are Luhn- and date-valid by accident one time in ten: `0701234569`
 * passes both checks (a person born 2007-01-23) but in a CRM extract it is a mobile number. Only the
 * unseparated 10-digit form is treated as a phone number; the hyphenated `070123-4569` is how an ID is
 * written and stays valid. (The often-quoted `0701234567` actually fails the Luhn check.)
 */
function phoneLookalike(s: string): string | null {
  if (/^(?:\+|00)46/.test(s)) return "has a Swedish international dialling prefix (+46/0046)";
  if (/\s/.test(s)) return "contains whitespace inside the value";
  if (s.indexOf("-") !== s.lastIndexOf("-")) return "contains more than one hyphen";
  if (/^07\d{8}$/.test(s)) return "is ten digits starting with 07 without a separator (a mobile number)";
  return null;
}

interface IdParts {
  century: string | null;
  yy: string;
  mm: string;
  dd: string;
  separator: string;
  serialHead: string;
  serialTail: string;
  check: string;
}

function splitForm(s: string): IdParts | null {
  // The short form lacks the long form's first group, the century: with a null in its place both read alike.
  const long = LONG_FORM.exec(s);
  const short = long ? null : SHORT_FORM.exec(s);
  const groups = long?.slice(1) ?? (short ? [null, ...short.slice(1)] : null);
  if (!groups) return null;
  const [century, yy, mm, dd, separator, serialHead, serialTail, check] = groups;
  return {
    century: century ?? null,
    yy: yy!,
    mm: mm!,
    dd: dd!,
    separator: separator!,
    serialHead: serialHead!,
    serialTail: serialTail!,
    check: check!,
  };
}

/**
 * Validates and normalises a Swedish personnummer, samordningsnummer or interim number.
 *
 * Checks, in order: empty, phone look-alike, format, interim letter, calendar date, serial 000,
 * Luhn checksum, interim issuer. The first failing check gives the reason.
 */
export function parseSwedishId(input: string, opts: SwedishIdParseOptions = {}): IdParseResult<SwedishId> {
  if (typeof input !== "string") return fail("bad_format", "Swedish ID must be a string");
  const s = input.trim();
  if (s === "") return fail("empty", "Swedish ID is empty");

  const phone = phoneLookalike(s);
  if (phone) return fail("phone_lookalike", `Looks like a phone number, not a Swedish ID: ${phone}`);

  const parts = splitForm(s);
  if (!parts) {
    return fail(
      "bad_format",
      "Swedish ID must be YYMMDDNNNC, YYMMDD-NNNC, YYMMDD+NNNC, YYYYMMDDNNNC or YYYYMMDD-NNNC",
    );
  }
  const { century, yy, mm, dd, separator, serialHead, serialTail, check } = parts;

  let letter: string | null = null;
  if (!/\d/.test(serialHead)) {
    const upper = serialHead.toUpperCase();
    if (INTERIM_LETTER_SET.has(upper)) {
      letter = upper;
    } else if (/\p{L}/u.test(serialHead)) {
      return fail("bad_letter", `Interim number letter must be one of ${INTERIM_LETTERS.join(", ")}`);
    } else {
      return fail("bad_format", "The first serial position must be a digit or an interim letter");
    }
  }

  const dayField = Number(dd);
  const coordination = dayField > COORDINATION_DAY_OFFSET;
  const m = Number(mm);
  const d = coordination ? dayField - COORDINATION_DAY_OFFSET : dayField;
  const y =
    century !== null
      ? Number(century + yy)
      : inferYear(Number(yy), m, d, referenceYmd(opts.referenceDate), separator === "+");
  const birth = { y, m, d };
  if (!isRealDate(birth)) {
    return fail(
      "bad_date",
      coordination
        ? `Not a real date after subtracting ${COORDINATION_DAY_OFFSET} from the samordningsnummer day`
        : "Not a real calendar date",
    );
  }

  if (letter === null && serialHead === "0" && serialTail === "00") {
    return fail("serial_000", "Serial number 000 is never issued");
  }

  const luhnSerialHead = letter === null ? serialHead : "1";
  if (!luhnValid(yy + mm + dd + luhnSerialHead + serialTail + check)) {
    return fail("bad_checksum", "Luhn check digit does not match");
  }

  const issuer = opts.issuer?.trim() ?? "";
  if (letter !== null && issuer === "") {
    return fail(
      "interim_without_issuer",
      "An interim number is only valid together with its issuing institution",
    );
  }

  const normalized = pad(y, 4) + mm + dd + (letter ?? serialHead) + serialTail + check;
  const kind: SwedishIdKind =
    letter !== null ? "interim" : coordination ? "samordningsnummer" : "personnummer";
  return {
    ok: true,
    value: {
      kind,
      normalized,
      birthDate: toIso(birth),
      issuer: letter !== null ? issuer : null,
      key: letter !== null ? `se-interim:${issuer}:${normalized}` : `se:${normalized}`,
    },
  };
}

/**
 * Builds a valid normalised ID (`YYYYMMDDNNNC`) from a real birth date and a serial: 1..999, or 1..99
 * for an interim number, whose letter (default `T`) takes the first serial position.
 * A samordningsnummer gets day + 60. Throws RangeError on impossible input.
 */
export function makeSwedishId(
  birthDate: string,
  serial: number,
  opts: { kind?: SwedishIdKind; letter?: string } = {},
): string {
  const birth = parseIsoDate(birthDate, "birthDate", false);
  const kind = opts.kind ?? (opts.letter !== undefined ? "interim" : "personnummer");
  if (kind !== "interim" && opts.letter !== undefined) {
    throw new RangeError(`A letter only applies to interim numbers, not to ${kind}`);
  }
  const maxSerial = kind === "interim" ? 99 : 999;
  if (!Number.isInteger(serial) || serial < 1 || serial > maxSerial) {
    throw new RangeError(`serial must be an integer in 1..${maxSerial} for ${kind}, got ${serial}`);
  }
  let serialDigits: string;
  let serialText: string;
  if (kind === "interim") {
    const letter = (opts.letter ?? "T").toUpperCase();
    if (!INTERIM_LETTER_SET.has(letter)) {
      throw new RangeError(`Interim letter must be one of ${INTERIM_LETTERS.join(", ")}, got ${opts.letter}`);
    }
    serialDigits = `1${pad(serial, 2)}`;
    serialText = letter + pad(serial, 2);
  } else {
    serialDigits = pad(serial, 3);
    serialText = serialDigits;
  }
  const year = pad(birth.y, 4);
  const mmdd =
    pad(birth.m, 2) + pad(birth.d + (kind === "samordningsnummer" ? COORDINATION_DAY_OFFSET : 0), 2);
  const check = luhnCheckDigit(year.slice(2) + mmdd + serialDigits);
  return year + mmdd + serialText + check;
}

/**
 * Writes a normalised ID in one of the customary forms. For `10-` the separator is `+` when the
 * person has turned 100 at `referenceDate` (default today, a `Date` read in UTC), else `-`.
 *
 * `10` loses the century for people aged 100 or more, and for people born in a year ending in 07 it
 * yields a value that {@link parseSwedishId} rejects as a phone number: prefer `10-` or `12`.
 */
export function formatSwedishId(
  normalized: string,
  style: SwedishIdFormatStyle,
  referenceDate?: Date | string,
): string {
  const match = NORMALIZED_FORM.exec(normalized);
  if (!match) throw new RangeError("formatSwedishId expects a normalised 12-character ID (YYYYMMDDNNNC)");
  const body = normalized.slice(0, 8);
  const serial = normalized.slice(8).toUpperCase();
  switch (style) {
    case "12":
      return body + serial;
    case "12-":
      return `${body}-${serial}`;
    case "10":
      return body.slice(2) + serial;
    case "10-": {
      const dayField = Number(match[3]);
      const birth = {
        y: Number(match[1]),
        m: Number(match[2]),
        d: dayField > COORDINATION_DAY_OFFSET ? dayField - COORDINATION_DAY_OFFSET : dayField,
      };
      const sep = isCentenarian(birth, referenceYmd(referenceDate)) ? "+" : "-";
      return body.slice(2) + sep + serial;
    }
    default:
      throw new RangeError(`Unknown Swedish ID format style ${JSON.stringify(style)}`);
  }
}
