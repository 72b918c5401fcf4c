import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { luhnCheckDigit, luhnValid } from "../../identifiers/index.ts";

/** Textbook Luhn, written independently: double every second digit from the right, sum digits. */
function referenceLuhnValid(digits: string): boolean {
  const sum = [...digits]
    .reverse()
    .map((ch, i) => {
      const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return Math.floor(d / 10) + (d % 10);
    })
    .reduce((a, b) => a + b, 0);
  return sum % 10 === 0;
}

const digitString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength, maxLength });

describe("luhnCheckDigit", () => {
  it.each([
    ["811228987", 4],
    ["850709980", 5],
    ["121212121", 2],
    ["701063239", 1],
    ["021090531", 1],
    ["000000000", 0],
    ["999999999", 9],
    ["7992739871", 3], // the classic Luhn example 79927398713
  ])("check digit of %s is %i", (payload, expected) => {
    expect(luhnCheckDigit(payload)).toBe(expected);
    expect(luhnValid(payload + expected)).toBe(true);
  });

  it.each(["", "12345678a", "811228-98", " 81122898", "８１１２２８９８７"])(
    "throws on non-digit payload %j",
    (bad) => {
      expect(() => luhnCheckDigit(bad)).toThrow(RangeError);
    },
  );

  it("exactly one of the ten possible check digits is valid, and it is the computed one", () => {
    fc.assert(
      fc.property(digitString(1, 20), (payload) => {
        const valid = [..."0123456789"].filter((c) => luhnValid(payload + c));
        expect(valid).toEqual([String(luhnCheckDigit(payload))]);
      }),
    );
  });
});

describe("luhnValid", () => {
  it.each(["8112289874", "8507099805", "1212121212", "7010632391", "79927398713"])("accepts %s", (v) => {
    expect(luhnValid(v)).toBe(true);
  });

  it.each(["8112289875", "1212121213", "79927398710"])("rejects wrong check digit %s", (v) => {
    expect(luhnValid(v)).toBe(false);
  });

  it.each(["", "0", "811228-9874", "811228987a", " 8112289874", "T112289874"])(
    "returns false instead of throwing for malformed %j",
    (v) => {
      expect(luhnValid(v)).toBe(false);
    },
  );

  it("agrees with an independent reference implementation", () => {
    fc.assert(
      fc.property(digitString(2, 30), (digits) => {
        expect(luhnValid(digits)).toBe(referenceLuhnValid(digits));
      }),
      { numRuns: 2000 },
    );
  });

  it("detects every single-digit substitution", () => {
    fc.assert(
      fc.property(digitString(1, 15), (payload) => {
        const valid = payload + luhnCheckDigit(payload);
        for (let i = 0; i < valid.length; i++) {
          for (const d of "0123456789") {
            if (d === valid[i]) continue;
            expect(luhnValid(valid.slice(0, i) + d + valid.slice(i + 1))).toBe(false);
          }
        }
      }),
    );
  });

  it("detects every adjacent transposition except 09 <-> 90", () => {
    fc.assert(
      fc.property(digitString(1, 15), (payload) => {
        const valid = payload + luhnCheckDigit(payload);
        for (let i = 0; i + 1 < valid.length; i++) {
          const a = valid[i]!;
          const b = valid[i + 1]!;
          if (a === b) continue;
          const swapped = valid.slice(0, i) + b + a + valid.slice(i + 2);
          const blindSpot = (a === "0" && b === "9") || (a === "9" && b === "0");
          expect(luhnValid(swapped)).toBe(blindSpot);
        }
      }),
    );
  });
});
