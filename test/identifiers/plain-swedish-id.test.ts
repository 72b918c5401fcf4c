import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSwedishId, makeSwedishId, parseSwedishId } from "../../identifiers/index.ts";
import { luhnCheckDigit } from "../../identifiers/luhn.ts";
import { plainSwedishIdDigits, plainSwedishIdValid } from "../../identifiers/plain-swedish-id.ts";
import { Warehouse } from "../../warehouse/connection.ts";

const referenceDate = "2026-11-23";

/** Whether SQL passes each value without the JavaScript rules. */
async function passedInSql(warehouse: Warehouse, values: string[]): Promise<boolean[]> {
  const rows = await warehouse.all<{ ok: boolean | null }>(
    `SELECT ${plainSwedishIdValid(plainSwedishIdDigits("v"))} AS ok
       FROM (SELECT unnest($1::VARCHAR[]) AS v, generate_subscripts($1::VARCHAR[], 1) AS i) ORDER BY i`,
    [JSON.stringify(values)],
  );
  return rows.map((row) => row.ok === true);
}

/**
 * What SQL must say: exactly what parseSwedishId says for a value of digits (and one hyphen) alone, except a
 * short form's 29 February, whose year SQL does not know, and forms with `+`, letters or anything else.
 */
function expected(value: string): boolean {
  if (!/^[0-9]{6}([0-9]{2})?-?[0-9]{4}$/.test(value)) return false;
  const short = value.replace("-", "").length === 10;
  if (short && ["0229", "0289"].includes(value.slice(2, 6))) return false;
  return parseSwedishId(value, { referenceDate, issuer: "DEMO" }).ok;
}

/** ID-shaped text: every part drawn near its limits, the check digit right about half the time. */
const idLike = fc
  .record({
    century: fc.constantFrom("", "", "19", "20", "18", "00"),
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.constantFrom(0, 1, 2, 2, 2, 4, 6, 9, 11, 12, 13),
    dd: fc.constantFrom(0, 1, 28, 29, 29, 30, 31, 32, 60, 61, 88, 89, 90, 91, 92),
    separator: fc.constantFrom("", "", "-", "+", "--", " "),
    serial: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.constant(0)),
    check: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
    prefix: fc.constantFrom("", "", "", "07", "0046"),
  })
  .map(({ century, yy, mm, dd, separator, serial, check, prefix }) => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const body = pad(yy, 2) + pad(mm, 2) + pad(dd, 2);
    const serialText = pad(serial, 3);
    const digit = check ?? luhnCheckDigit(body + serialText);
    return `${prefix}${century}${body}${separator}${serialText}${digit}`.slice(prefix ? 0 : undefined);
  });

describe("plainSwedishIdValid", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterAll(() => warehouse?.close());

  it("passes in SQL exactly the plain IDs parseSwedishId accepts, over generated ID-shaped values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(idLike, { minLength: 1, maxLength: 200 }), async (values) => {
        expect(await passedInSql(warehouse, values)).toEqual(values.map(expected));
      }),
      { numRuns: 60 },
    );
  });

  it("passes every real date's IDs in the long forms, and leaves a short 29 February to JavaScript", async () => {
    const values: string[] = [];
    for (const birthDate of ["1900-02-28", "2000-02-29", "1996-02-29", "1985-12-31", "2024-04-30"]) {
      for (const kind of ["personnummer", "samordningsnummer"] as const) {
        const id = makeSwedishId(birthDate, 123, { kind });
        values.push(
          formatSwedishId(id, "12"),
          formatSwedishId(id, "12-"),
          formatSwedishId(id, "10-", referenceDate),
        );
      }
    }
    const passed = await passedInSql(warehouse, values);
    expect(passed).toEqual(values.map(expected));
    // the long forms of real dates all pass; of the short forms, all but 29 February's four and the two of
    // 1900, written with `+` (over 100 years old)
    expect(passed.filter(Boolean)).toHaveLength(values.length - 6);
  });

  it("leaves to JavaScript what it must reason about: serial 000, a phone number, a letter, a plus, a bad check digit", async () => {
    const values = [
      "19121212-0005",
      "0701234569",
      "004612121212",
      "19121212-T212",
      "121212+1212",
      "19121212-1213",
    ];
    expect(parseSwedishId("0701234569", { referenceDate }).ok).toBe(false);
    expect(await passedInSql(warehouse, values)).toEqual([false, false, false, false, false, false]);
    const coordination = makeSwedishId("1912-12-12", 121, { kind: "samordningsnummer" });
    expect(await passedInSql(warehouse, ["19121212-1212", "121212-1212", coordination])).toEqual([
      true,
      true,
      true,
    ]);
  });
});
