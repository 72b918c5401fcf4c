import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBsn, parseSwedishId } from "../../identifiers/index.ts";
import { nationalIdVerdict, registerNationalIdFunctions } from "../../identifiers/national-id.ts";
import { plainSwedishIdDigits } from "../../identifiers/plain-swedish-id.ts";
import { Warehouse } from "../../warehouse/connection.ts";

const settings = { referenceDate: "2026-11-23", interimIssuer: "DEMO" };

/** What the SQL functions must give for one row, straight from the identity library. */
function expected(
  value: string | null,
  country: string | null,
): { key: string | null; problem: string | null } {
  if (value === null || value.trim() === "") return { key: null, problem: null };
  const parsed =
    (country ?? "se").toLowerCase() === "nl"
      ? parseBsn(value)
      : parseSwedishId(value, { referenceDate: settings.referenceDate, issuer: settings.interimIssuer });
  return parsed.ok ? { key: parsed.value.key, problem: null } : { key: null, problem: parsed.reason };
}

describe("national-ID SQL functions", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
    registerNationalIdFunctions(warehouse.connection, settings);
  });
  afterAll(() => warehouse?.close());

  // Rows come in runs (a person's rows together), and the function reuses the previous row's verdict when
  // value and country repeat: a run that switches country, or a NULL or blank between equal values, must
  // still get each row's own verdict.
  const values = fc.constantFrom(
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "198507099805",
    "20021090-5311",
    "121272-1212",
    "9909180003",
    "111222333",
    "123456782",
    " ",
    "070-1234567",
  );
  const rows = fc.array(
    fc.record({
      value: fc.option(values, { nil: null }),
      country: fc.constantFrom("se", "nl", "SE", null),
      repeat: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 40 },
  );

  // The loader's form (national_id_problem_run) reuses the verdict while a fingerprint of value and country
  // repeats; it must agree with national_id_problem row by row.
  it("gives each row the identity library's key and reason, however the values repeat", async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (runs) => {
        const input = runs.flatMap(({ value, country, repeat }) => Array(repeat).fill({ value, country }));
        const result = await warehouse.all<{
          key: string | null;
          problem: string | null;
          run: string | null;
        }>(
          `SELECT national_id_key(v, c) AS key, national_id_problem(v, c) AS problem, ${nationalIdVerdict("v", "c", plainSwedishIdDigits("v"))} AS run
             FROM (SELECT unnest($1::JSON::STRUCT(v VARCHAR, c VARCHAR)[]) AS r, generate_subscripts($1::JSON::STRUCT(v VARCHAR, c VARCHAR)[], 1) AS i)
             CROSS JOIN LATERAL (SELECT r.v AS v, r.c AS c)
            ORDER BY i`,
          [JSON.stringify(input.map(({ value, country }) => ({ v: value, c: country })))],
        );
        expect(result).toEqual(
          input.map(({ value, country }) => {
            const verdict = expected(value, country);
            return { ...verdict, run: verdict.problem };
          }),
        );
      }),
      { numRuns: 100 },
    );
  });
});
