import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatSwedishId,
  INTERIM_LETTERS,
  makeBsn,
  makeSwedishId,
  parseBsn,
  parseSwedishId,
  type SwedishIdFormatStyle,
  type SwedishIdKind,
} from "../../identifiers/index.ts";

const REF = "2026-11-23";
const REF_MS = Date.UTC(2026, 10, 23);
const DAY_MS = 86_400_000;
const STYLES: readonly SwedishIdFormatStyle[] = ["12", "12-", "10", "10-"];

/** Birth dates from 199 years before the reference up to the reference date itself. */
const birthDate = fc
  .integer({ min: 0, max: 199 * 365 })
  .map((daysBack) => new Date(REF_MS - daysBack * DAY_MS).toISOString().slice(0, 10));

const swedishIdSpec = fc.oneof(
  fc.record({
    birthDate,
    kind: fc.constantFrom<SwedishIdKind>("personnummer", "samordningsnummer"),
    serial: fc.integer({ min: 1, max: 999 }),
    letter: fc.constant(undefined),
    issuer: fc.constant(undefined),
  }),
  fc.record({
    birthDate,
    kind: fc.constant<SwedishIdKind>("interim"),
    serial: fc.integer({ min: 1, max: 99 }),
    letter: fc.constantFrom(...INTERIM_LETTERS, ...INTERIM_LETTERS.map((l) => l.toLowerCase())),
    issuer: fc.stringMatching(/^[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ]{0,20}[A-Za-zÅÄÖåäö]$/),
  }),
);

type Spec = typeof swedishIdSpec extends fc.Arbitrary<infer T> ? T : never;

const make = (s: Spec): string => makeSwedishId(s.birthDate, s.serial, { kind: s.kind, letter: s.letter });

const ageAtLeast100 = (birth: string): boolean =>
  `${Number(birth.slice(0, 4)) + 100}${birth.slice(4)}` <= REF;

describe("Swedish ID properties", () => {
  it("makeSwedishId output parses back to itself in every format style", () => {
    fc.assert(
      fc.property(swedishIdSpec, (spec) => {
        const id = make(spec);
        expect(id).toHaveLength(12);
        for (const style of STYLES) {
          const text = formatSwedishId(id, style, REF);
          const r = parseSwedishId(text, { referenceDate: REF, issuer: spec.issuer });
          const lossy10 = style === "10" && (ageAtLeast100(spec.birthDate) || /^07\d{8}$/.test(text));
          if (lossy10) {
            // Without a separator a centenarian's century is lost, and 07... reads as a mobile number.
            if (/^07\d{8}$/.test(text)) expect(r).toMatchObject({ ok: false, reason: "phone_lookalike" });
            else
              expect(r).toMatchObject({
                ok: true,
                value: { normalized: `${Number(id.slice(0, 2)) + 1}${id.slice(2)}` },
              });
            continue;
          }
          expect(r).toEqual({
            ok: true,
            value: {
              kind: spec.kind,
              normalized: id,
              birthDate: spec.birthDate,
              issuer: spec.issuer ?? null,
              key: spec.kind === "interim" ? `se-interim:${spec.issuer}:${id}` : `se:${id}`,
            },
          });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("an interim number never parses without its issuer", () => {
    fc.assert(
      fc.property(swedishIdSpec, (spec) => {
        fc.pre(spec.kind === "interim");
        const r = parseSwedishId(make(spec), { referenceDate: REF });
        expect(r).toMatchObject({ ok: false, reason: "interim_without_issuer" });
      }),
    );
  });

  it("any single-digit change in YYMMDDNNNC makes the ID invalid, in the 12-digit and 10-digit forms", () => {
    fc.assert(
      fc.property(swedishIdSpec, (spec) => {
        const id = make(spec);
        const short = formatSwedishId(id, "10-", REF);
        const variants: [string, string[]][] = [
          [id, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(String)],
          [short, [0, 1, 2, 3, 4, 5, 7, 8, 9, 10].map(String)],
        ];
        for (const [text, positions] of variants) {
          for (const p of positions.map(Number)) {
            const original = text[p]!;
            if (!/\d/.test(original)) continue; // the interim letter position
            for (const d of "0123456789") {
              if (d === original) continue;
              const changed = text.slice(0, p) + d + text.slice(p + 1);
              const r = parseSwedishId(changed, { referenceDate: REF, issuer: spec.issuer });
              expect(r.ok, `${text} -> ${changed}`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("changing the interim letter to another letter keeps the checksum (all letters count as 1)", () => {
    fc.assert(
      fc.property(swedishIdSpec, fc.constantFrom(...INTERIM_LETTERS), (spec, other) => {
        fc.pre(spec.kind === "interim");
        const id = make(spec);
        const swapped = id.slice(0, 8) + other + id.slice(9);
        const r = parseSwedishId(swapped, { referenceDate: REF, issuer: spec.issuer });
        expect(r).toMatchObject({ ok: true, value: { normalized: swapped } });
      }),
    );
  });

  it("parse output is stable: parsing the normalised form again gives the same result", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."0123456789-+T "), minLength: 10, maxLength: 13 }),
        (input) => {
          const r = parseSwedishId(input, { referenceDate: REF, issuer: "UU" });
          if (!r.ok) return;
          expect(parseSwedishId(r.value.normalized, { referenceDate: REF, issuer: "UU" })).toEqual(r);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const r = parseSwedishId(input, { referenceDate: REF });
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });
});

const eightDigits = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 8, maxLength: 8 });

describe("BSN properties", () => {
  it("makeBsn output is a valid BSN; null exactly when no ninth digit works", () => {
    fc.assert(
      fc.property(eightDigits, (prefix) => {
        const bsn = makeBsn(prefix);
        const working = [..."0123456789"].filter((d) => parseBsn(prefix + d).ok);
        if (bsn === null) {
          expect(working).toEqual([]);
        } else {
          expect(working).toEqual([bsn.slice(8)]);
          expect(bsn.slice(0, 8)).toBe(prefix);
          expect(parseBsn(bsn)).toEqual({ ok: true, value: { normalized: bsn, key: `nl:${bsn}` } });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("any single-digit change of a valid BSN makes it invalid", () => {
    fc.assert(
      fc.property(eightDigits, (prefix) => {
        const bsn = makeBsn(prefix);
        fc.pre(bsn !== null);
        for (let p = 0; p < 9; p++) {
          for (const d of "0123456789") {
            if (d === bsn[p]) continue;
            const changed = bsn.slice(0, p) + d + bsn.slice(p + 1);
            expect(parseBsn(changed).ok, `${bsn} -> ${changed}`).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a valid BSN with a leading zero also parses without it", () => {
    fc.assert(
      fc.property(eightDigits, (prefix) => {
        const bsn = makeBsn(`0${prefix.slice(1)}`);
        fc.pre(bsn !== null);
        expect(parseBsn(bsn.slice(1))).toEqual(parseBsn(bsn));
      }),
    );
  });
});
