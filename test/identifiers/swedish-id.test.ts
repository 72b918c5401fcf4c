import { describe, expect, it } from "vitest";
import {
  formatSwedishId,
  type IdInvalidReason,
  INTERIM_LETTERS,
  luhnCheckDigit,
  makeSwedishId,
  parseSwedishId,
  type SwedishId,
} from "../../identifiers/index.ts";

const REF = "2026-11-23";

function ok(input: string, opts: Parameters<typeof parseSwedishId>[1] = { referenceDate: REF }): SwedishId {
  const r = parseSwedishId(input, opts);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to be valid, got ${r.reason}: ${r.message}`);
  return r.value;
}

function reason(
  input: string,
  opts: Parameters<typeof parseSwedishId>[1] = { referenceDate: REF },
): IdInvalidReason {
  const r = parseSwedishId(input, opts);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be invalid, got ${r.value.normalized}`);
  expect(r.message.length).toBeGreaterThan(0);
  return r.reason;
}

/** `YYMMDDNNN` plus its Luhn digit: lets a test hit a later check with a checksum that is right. */
const withCheck = (nine: string): string => nine + luhnCheckDigit(nine);

describe("parseSwedishId: public vectors", () => {
  it.each([
    ["191212121212", "personnummer", "191212121212", "1912-12-12"],
    ["198507099805", "personnummer", "198507099805", "1985-07-09"],
    ["8507099805", "personnummer", "198507099805", "1985-07-09"],
    ["811228-9874", "personnummer", "198112289874", "1981-12-28"],
    ["20021090-5311", "samordningsnummer", "200210905311", "2002-10-30"],
    ["701063-2391", "samordningsnummer", "197010632391", "1970-10-03"],
  ] as const)("%s is a valid %s", (input, kind, normalized, birthDate) => {
    expect(ok(input)).toEqual({ kind, normalized, birthDate, issuer: null, key: `se:${normalized}` });
  });

  it.each([
    ["121272-1212", "bad_checksum"], // day 72 is a fine samordningsnummer day; the check digit is wrong
    ["9909180003", "serial_000"], // Luhn- and date-valid, but serial 000 is never issued
    ["0701234567", "phone_lookalike"],
  ] as const)("%s is invalid (%s)", (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it("9909180003 would pass Luhn: it is the serial rule that rejects it", () => {
    expect(withCheck("990918000")).toBe("9909180003");
  });
});

describe("parseSwedishId: accepted forms", () => {
  it.each([
    "8112289874",
    "811228-9874",
    "198112289874",
    "19811228-9874",
    "  811228-9874\t",
    "\n198112289874 ",
  ])("%j normalises to 198112289874", (input) => {
    expect(ok(input).normalized).toBe("198112289874");
  });

  it.each([
    "", // empty
    "   ",
    "\t\n",
  ])("%j is empty", (input) => {
    expect(reason(input)).toBe("empty");
  });

  it.each([
    "811228987", // 9 characters
    "81122898745", // 11 digits
    "1981122898", // a 12-digit form missing two digits reads as YYMMDDNNNC with month 81
    "19811228+9874", // + only exists in the short form
    "811228_9874",
    "811228–9874", // en dash
    "811228/9874",
    "8112-289874",
    "81122-89874",
    "811228-987",
    "811228-98745",
    "1981122898745",
    "abcdefghij",
    "811228-9874x",
    "x811228-9874",
    "811228-9T74",
    "811228-98T4",
    "811228-987T",
    "T112289874",
    "8112289874.0",
    "8.112289874e9",
    "811228-#874",
    "811228-😀74",
  ])("%j is rejected", (input) => {
    const r = reason(input);
    // 1981122898 is well-formed (YYMMDDNNNC) but month 81 does not exist.
    expect(r).toBe(input === "1981122898" ? "bad_date" : "bad_format");
  });

  it("rejects non-string input instead of throwing", () => {
    expect(parseSwedishId(8112289874 as unknown as string).ok).toBe(false);
    expect(parseSwedishId(null as unknown as string).ok).toBe(false);
    expect(parseSwedishId(undefined as unknown as string).ok).toBe(false);
  });

  it("never repeats the input in a failure message (it is personal data)", () => {
    for (const input of [
      "811228-9875",
      "9909180003",
      "811328-9874",
      "0701234567",
      "811228-A874",
      "900101-T239",
    ]) {
      const r = parseSwedishId(input, { referenceDate: REF });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).not.toContain(input);
        expect(r.message).not.toContain(input.replace("-", ""));
        expect(r.message).not.toContain(input.slice(-4));
      }
    }
  });
});

describe("parseSwedishId: phone look-alikes", () => {
  it.each([
    "0701234567", // Luhn-invalid anyway
    "0701234569", // Luhn-valid and a real date (2007-01-23), still a mobile number
    "0731234560",
    "+46701234567",
    "+46 70 123 45 67",
    "0046701234567",
    "0046 70 123 45 67",
    "070-123 45 67",
    "070-123-45-67",
    "08-123 456 78",
    "811228 9874", // a space inside: not how an ID is written
    "811228\u00a09874",
    "19811228 9874",
    "811228--9874",
    "81-1228-9874",
  ])("%j is a phone look-alike", (input) => {
    expect(reason(input)).toBe("phone_lookalike");
  });

  it("0701234569 passes Luhn and the date check: only the phone rule rejects it", () => {
    expect(withCheck("070123456")).toBe("0701234569");
  });

  it.each(["070123-4569", "20070123-4569", "200701234569"])(
    "%j (separated or 12-digit) is a valid ID",
    (input) => {
      expect(ok(input)).toMatchObject({
        kind: "personnummer",
        normalized: "200701234569",
        birthDate: "2007-01-23",
      });
    },
  );

  it("a hyphenated 07 value with a wrong checksum is an invalid ID, not a phone number", () => {
    expect(reason("070123-4567")).toBe("bad_checksum");
  });

  it("only 07 is the mobile prefix: other unseparated 0x values are IDs", () => {
    expect(ok(withCheck("080123456"))).toMatchObject({ birthDate: "2008-01-23" });
    expect(ok(withCheck("060123456"))).toMatchObject({ birthDate: "2006-01-23" });
  });
});

describe("parseSwedishId: century inference", () => {
  it.each([
    ["121212-1212", "2012-12-12"],
    ["1212121212", "2012-12-12"],
    ["121212+1212", "1912-12-12"],
    ["19121212-1212", "1912-12-12"],
    ["20121212-1212", "2012-12-12"],
  ])("%s with reference %s → %s", (input, birthDate) => {
    expect(ok(input).birthDate).toBe(birthDate);
  });

  it("a date later than the reference in this century goes to the previous century", () => {
    const dayAfter = withCheck("261124121");
    expect(ok(`${dayAfter.slice(0, 6)}-${dayAfter.slice(6)}`).birthDate).toBe("1926-11-24");
    expect(ok(dayAfter).birthDate).toBe("1926-11-24");
    expect(ok(`${dayAfter.slice(0, 6)}+${dayAfter.slice(6)}`).birthDate).toBe("1826-11-24");
  });

  it("a birth date equal to the reference date is this century (age 0)", () => {
    const sameDay = withCheck("261123121");
    expect(ok(`${sameDay.slice(0, 6)}-${sameDay.slice(6)}`).birthDate).toBe("2026-11-23");
    expect(ok(`${sameDay.slice(0, 6)}+${sameDay.slice(6)}`).birthDate).toBe("1926-11-23");
  });

  it("uses the real day of a samordningsnummer when comparing with the reference date", () => {
    // Day field 84 is 24 November: one day after the reference, so the previous century.
    const coord = withCheck("261184121");
    expect(ok(`${coord.slice(0, 6)}-${coord.slice(6)}`)).toMatchObject({
      kind: "samordningsnummer",
      normalized: `192611841${coord.slice(7)}`,
      birthDate: "1926-11-24",
    });
  });

  it("accepts the reference date as a Date (read in UTC), an ISO date or an ISO timestamp", () => {
    const dayAfter = withCheck("261124121");
    for (const referenceDate of [new Date("2026-11-23"), "2026-11-23", "2026-11-23T23:59:59Z"]) {
      expect(ok(dayAfter, { referenceDate }).birthDate).toBe("1926-11-24");
    }
    expect(ok(dayAfter, { referenceDate: "2026-11-24" }).birthDate).toBe("2026-11-24");
    expect(ok(dayAfter, { referenceDate: new Date(Date.UTC(2026, 10, 24)) }).birthDate).toBe("2026-11-24");
  });

  it("defaults the reference date to today", () => {
    const thisYear = new Date().getUTCFullYear();
    // A birthday on 1 January of the previous year is always in the past and less than 100 years ago.
    const yy = String((thisYear - 1) % 100).padStart(2, "0");
    expect(ok(withCheck(`${yy}0101121`), {}).birthDate).toBe(`${thisYear - 1}-01-01`);
  });

  it("ignores the reference date for 12-digit forms", () => {
    for (const referenceDate of ["1900-01-01", "2026-11-23", "2300-01-01"]) {
      expect(ok("198112289874", { referenceDate }).birthDate).toBe("1981-12-28");
    }
  });

  it.each(["2026-02-30", "26-11-23", "yesterday", "", "2026/11/23"])(
    "throws on bad reference date %j",
    (ref) => {
      expect(() => parseSwedishId("811228-9874", { referenceDate: ref })).toThrow(RangeError);
    },
  );

  it("throws on an invalid Date as reference", () => {
    expect(() => parseSwedishId("811228-9874", { referenceDate: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe("parseSwedishId: dates", () => {
  it.each([
    ["811328", "month 13"],
    ["810028", "month 00"],
    ["811200", "day 00"],
    ["811232", "day 32"],
    ["811260", "day 60 (neither a real day nor a samordningsnummer day)"],
    ["811292", "samordningsnummer day 92 = 32"],
    ["811160", "day 60"],
    ["810431", "31 April"],
    ["810230", "30 February"],
    ["810229", "29 February 1981"],
    ["810289", "samordningsnummer 29 February 1981"],
    ["810491", "samordningsnummer 31 April"],
  ])("%s (%s) is bad_date even with a correct check digit", (yymmdd) => {
    const id = withCheck(`${yymmdd}123`);
    expect(reason(`${id.slice(0, 6)}-${id.slice(6)}`)).toBe("bad_date");
  });

  it("accepts the last day of every month, samordningsnummer too", () => {
    const last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    last.forEach((day, i) => {
      const mm = String(i + 1).padStart(2, "0");
      expect(ok(withCheck(`81${mm}${day}123`)).birthDate).toBe(`1981-${mm}-${day}`);
      expect(ok(withCheck(`81${mm}${day + 60}123`))).toMatchObject({
        kind: "samordningsnummer",
        birthDate: `1981-${mm}-${day}`,
      });
      expect(reason(withCheck(`81${mm}${day + 1}123`))).toBe("bad_date");
    });
  });

  it("samordningsnummer day 61 is the 1st", () => {
    expect(ok(withCheck("810161123"))).toMatchObject({ kind: "samordningsnummer", birthDate: "1981-01-01" });
  });

  describe("leap days", () => {
    it.each([
      ["19960229", true],
      ["20000229", true], // divisible by 400
      ["20240229", true],
      ["19000229", false], // divisible by 100, not by 400
      ["21000229", false],
      ["20230229", false],
      ["19960289", true], // samordningsnummer 29 Feb
      ["19000289", false],
    ])("12-digit %s valid: %s", (yyyymmdd, valid) => {
      const id = yyyymmdd + withCheck(`${yyyymmdd.slice(2)}123`).slice(6);
      if (valid) expect(ok(id).birthDate).toBe(`${yyyymmdd.slice(0, 4)}-02-29`);
      else expect(reason(id)).toBe("bad_date");
    });

    const leap = withCheck("000229123");
    const dash = `${leap.slice(0, 6)}-${leap.slice(6)}`;
    const plus = `${leap.slice(0, 6)}+${leap.slice(6)}`;

    it("000229- is 2000-02-29", () => {
      expect(ok(dash).birthDate).toBe("2000-02-29");
    });

    it("000229+ would be 1900-02-29, which does not exist", () => {
      expect(reason(plus)).toBe("bad_date");
    });

    it("000229- before that day in 2000 would be 1900-02-29: invalid", () => {
      expect(reason(dash, { referenceDate: "2000-02-28" })).toBe("bad_date");
      expect(ok(dash, { referenceDate: "2000-02-29" }).birthDate).toBe("2000-02-29");
    });

    it("000229+ in the year 2100 is 2000-02-29 once the 100th birthday (1 March) has passed", () => {
      expect(ok(plus, { referenceDate: "2100-03-01" }).birthDate).toBe("2000-02-29");
    });
  });
});

describe("parseSwedishId: serial and checksum", () => {
  it.each(["990918-0003", "19990918-0003", "199909180003", "9909180003"])("%s has serial 000", (input) => {
    expect(reason(input)).toBe("serial_000");
  });

  it("serial 000 is reported whatever the check digit", () => {
    for (const c of "0123456789") expect(reason(`990918000${c}`)).toBe("serial_000");
  });

  it("serials 001 and 999 are fine", () => {
    expect(ok(withCheck("990918001")).normalized).toBe(`19990918001${withCheck("990918001").slice(9)}`);
    expect(ok(withCheck("990918999")).birthDate).toBe("1999-09-18");
  });

  it("every wrong check digit is bad_checksum, in every form", () => {
    for (const c of "0123456789") {
      if (c === "4") continue;
      expect(reason(`811228987${c}`)).toBe("bad_checksum");
      expect(reason(`811228-987${c}`)).toBe("bad_checksum");
      expect(reason(`19811228987${c}`)).toBe("bad_checksum");
      expect(reason(`19811228-987${c}`)).toBe("bad_checksum");
    }
  });

  it("the century is not covered by the checksum: changing it gives another valid ID", () => {
    expect(ok("201212121212").birthDate).toBe("2012-12-12");
    expect(ok("191212121212").birthDate).toBe("1912-12-12");
    expect(ok("181212121212").birthDate).toBe("1812-12-12");
  });

  it("checks the date before the checksum and the serial before the checksum", () => {
    expect(reason("811328-9870")).toBe("bad_date");
    expect(reason("990918-0009")).toBe("serial_000");
  });
});

describe("parseSwedishId: interim numbers", () => {
  const issuer = "Uppsala universitet";

  it.each(INTERIM_LETTERS.map((l) => [l]))("letter %s is accepted with an issuer", (letter) => {
    const normalized = makeSwedishId("1990-01-01", 23, { letter });
    expect(normalized).toBe(`19900101${letter}239`);
    const variants = [
      normalized,
      `19900101-${letter}239`,
      `900101-${letter}239`,
      `900101${letter}239`,
      `900101-${letter.toLowerCase()}239`,
      `19900101${letter.toLowerCase()}239`,
    ];
    for (const v of variants) {
      expect(ok(v, { referenceDate: REF, issuer })).toEqual({
        kind: "interim",
        normalized,
        birthDate: "1990-01-01",
        issuer,
        key: `se-interim:${issuer}:${normalized}`,
      });
      expect(reason(v)).toBe("interim_without_issuer");
    }
  });

  it("the set is exactly T R S U W X J K L M N", () => {
    expect([...INTERIM_LETTERS].sort()).toEqual(["J", "K", "L", "M", "N", "R", "S", "T", "U", "W", "X"]);
  });

  it.each([..."ABCDEFGHIOPQVYZ", "Å", "Ä", "Ö", "a", "z", "é"])("letter %s is bad_letter", (letter) => {
    expect(reason(`19900101${letter}239`, { referenceDate: REF, issuer })).toBe("bad_letter");
    expect(reason(`900101-${letter}239`, { referenceDate: REF, issuer })).toBe("bad_letter");
  });

  it("a letter counts as 1 for Luhn: the interim number shares its check digit with serial 1NN", () => {
    const c = withCheck("900101123").slice(-1);
    expect(makeSwedishId("1990-01-01", 23)).toBe(`19900101023${withCheck("900101023").slice(-1)}`);
    expect(makeSwedishId("1990-01-01", 23, { kind: "interim" })).toBe(`19900101T23${c}`);
    expect(ok(`19900101123${c}`).kind).toBe("personnummer");
    for (const bad of "0123456789") {
      if (bad === c) continue;
      expect(reason(`19900101T23${bad}`, { referenceDate: REF, issuer })).toBe("bad_checksum");
    }
  });

  it("checksum, date and format problems are reported before the missing issuer", () => {
    expect(reason("19900101T238")).toBe("bad_checksum");
    expect(reason("19901301T239")).toBe("bad_date");
    expect(reason("19900101T23")).toBe("bad_format");
  });

  it("a blank issuer is no issuer; the issuer is trimmed", () => {
    expect(reason("19900101T239", { referenceDate: REF, issuer: "  " })).toBe("interim_without_issuer");
    expect(reason("19900101T239", { referenceDate: REF, issuer: "" })).toBe("interim_without_issuer");
    expect(ok("19900101T239", { referenceDate: REF, issuer: " LU " }).key).toBe("se-interim:LU:19900101T239");
  });

  it("the same interim number from two institutions is two identities", () => {
    const a = ok("19900101T239", { referenceDate: REF, issuer: "UU" });
    const b = ok("19900101T239", { referenceDate: REF, issuer: "LU" });
    expect(a.normalized).toBe(b.normalized);
    expect(a.key).not.toBe(b.key);
  });

  it("an issuer given with a national number is not part of its identity", () => {
    expect(ok("811228-9874", { referenceDate: REF, issuer: "UU" })).toMatchObject({
      issuer: null,
      key: "se:198112289874",
    });
  });

  it("an interim number with serial digits 00 is valid (the letter stands for 1, so it is not serial 000)", () => {
    const c = withCheck("900101100").slice(-1);
    expect(ok(`19900101T00${c}`, { referenceDate: REF, issuer }).kind).toBe("interim");
  });

  it("an interim number on a samordningsnummer day keeps kind interim with the real birth date", () => {
    const c = withCheck("900161123").slice(-1);
    expect(ok(`19900161T23${c}`, { referenceDate: REF, issuer })).toMatchObject({
      kind: "interim",
      normalized: `19900161T23${c}`,
      birthDate: "1990-01-01",
    });
  });
});

describe("makeSwedishId", () => {
  it.each([
    ["1912-12-12", 121, {}, "191212121212"],
    ["1985-07-09", 980, {}, "198507099805"],
    ["1981-12-28", 987, { kind: "personnummer" }, "198112289874"],
    ["2002-10-30", 531, { kind: "samordningsnummer" }, "200210905311"],
    ["1970-10-03", 239, { kind: "samordningsnummer" }, "197010632391"],
    ["1990-01-01", 23, { kind: "interim" }, "19900101T239"],
    ["1990-01-01", 23, { letter: "x" }, "19900101X239"],
    ["1990-01-01", 1, {}, `19900101001${withCheck("900101001").slice(-1)}`],
    ["1990-01-01", 99, { kind: "interim", letter: "N" }, `19900101N99${withCheck("900101199").slice(-1)}`],
  ] as const)("makeSwedishId(%s, %i, %j) = %s", (birth, serial, opts, expected) => {
    expect(makeSwedishId(birth, serial, opts)).toBe(expected);
  });

  it.each([
    ["2023-02-29", 1, {}],
    ["1990-13-01", 1, {}],
    ["19900101", 1, {}],
    ["1990-1-1", 1, {}],
    ["1990-01-01", 0, {}],
    ["1990-01-01", 1000, {}],
    ["1990-01-01", 1.5, {}],
    ["1990-01-01", Number.NaN, {}],
    ["1990-01-01", 100, { kind: "interim" }],
    ["1990-01-01", 0, { kind: "interim" }],
    ["1990-01-01", 1, { letter: "A" }],
    ["1990-01-01", 1, { kind: "personnummer", letter: "T" }],
    ["1990-01-01", 1, { kind: "samordningsnummer", letter: "T" }],
  ] as const)("throws RangeError for (%s, %s, %j)", (birth, serial, opts) => {
    expect(() => makeSwedishId(birth, serial, opts)).toThrow(RangeError);
  });
});

describe("formatSwedishId", () => {
  it.each([
    ["12", "198112289874"],
    ["12-", "19811228-9874"],
    ["10", "8112289874"],
    ["10-", "811228-9874"],
  ] as const)("style %s", (style, expected) => {
    expect(formatSwedishId("198112289874", style, REF)).toBe(expected);
  });

  it("keeps the interim letter (upper-cased) and the samordningsnummer day", () => {
    expect(formatSwedishId("19900101T239", "10-", REF)).toBe("900101-T239");
    expect(formatSwedishId("19900101t239", "12-", REF)).toBe("19900101-T239");
    expect(formatSwedishId("197010632391", "10-", REF)).toBe("701063-2391");
  });

  it("writes + from the 100th birthday on", () => {
    expect(formatSwedishId("191212121212", "10-", "2012-12-11")).toBe("121212-1212");
    expect(formatSwedishId("191212121212", "10-", "2012-12-12")).toBe("121212+1212");
    expect(formatSwedishId("191212121212", "10-", REF)).toBe("121212+1212");
    expect(formatSwedishId("191212121212", "10-", new Date("2012-12-12"))).toBe("121212+1212");
  });

  it("uses the real day of a samordningsnummer for the age", () => {
    const id = makeSwedishId("1926-11-03", 123, { kind: "samordningsnummer" });
    expect(formatSwedishId(id, "10-", "2026-11-02")).toBe(`261163-${id.slice(8)}`);
    expect(formatSwedishId(id, "10-", "2026-11-03")).toBe(`261163+${id.slice(8)}`);
  });

  it("someone born on 29 February turns 100 on 1 March in a non-leap centennial year", () => {
    const id = makeSwedishId("2000-02-29", 123);
    expect(formatSwedishId(id, "10-", "2100-02-28")).toContain("-");
    expect(formatSwedishId(id, "10-", "2100-03-01")).toContain("+");
    const leapToLeap = makeSwedishId("1924-02-29", 123);
    expect(formatSwedishId(leapToLeap, "10-", "2024-02-28")).toContain("-");
    expect(formatSwedishId(leapToLeap, "10-", "2024-02-29")).toContain("+");
  });

  it.each(["8112289874", "19811228-9874", "1981122898745", "19811228A874", "", "19811228987X"])(
    "throws on a non-normalised value %j",
    (bad) => {
      expect(() => formatSwedishId(bad, "12", REF)).toThrow(RangeError);
    },
  );

  it("throws on an unknown style", () => {
    expect(() => formatSwedishId("198112289874", "11" as "12", REF)).toThrow(RangeError);
  });
});
