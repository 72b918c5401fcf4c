import { DOUBLE, type DuckDBConnection, DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import { parseBsn, parseSwedishId } from "./index.ts";
import { passesAsPlainSwedishId } from "./plain-swedish-id.ts";

export interface NationalIdSettings {
  /** Reference date for century inference of 10-digit personnummer. */
  referenceDate: string;
  /** Issuer of interim (T-)numbers found without one in the data: the institution itself. */
  interimIssuer: string;
}

type Parsed = { key: string } | { reason: string };

function parse(value: string, country: string | null, settings: NationalIdSettings): Parsed {
  const kind = (country ?? "se").toLowerCase();
  if (kind === "nl") {
    const bsn = parseBsn(value);
    return bsn.ok ? { key: bsn.value.key } : { reason: bsn.reason };
  }
  const id = parseSwedishId(value, { referenceDate: settings.referenceDate, issuer: settings.interimIssuer });
  return id.ok ? { key: id.value.key } : { reason: id.reason };
}

/**
 * Registers `national_id_key(value, country)` (the normalised identity key, NULL when invalid) and
 * `national_id_problem(value, country)` (why it is invalid, NULL when valid) for this connection.
 * The validation rules live once, in this folder; loaders and SQL models call them through these.
 * Values repeat heavily (one person, many rows), so results are memoised per connection.
 */
export function registerNationalIdFunctions(
  connection: DuckDBConnection,
  settings: NationalIdSettings,
): void {
  // One cache per country, so a lookup needs no concatenated key
  const caches = new Map<string | null, Map<string, Parsed>>();
  const parsed = (value: string, country: string | null): Parsed => {
    let cache = caches.get(country);
    if (!cache) {
      cache = new Map();
      caches.set(country, cache);
    }
    let result = cache.get(value);
    if (!result) {
      result = parse(value, country, settings);
      if (cache.size > 1_000_000) cache.clear();
      cache.set(value, result);
    }
    return result;
  };
  const problemOf = (result: Parsed) => ("reason" in result ? result.reason : null);
  const verdict = (value: string | null, country: string | null, pick: (result: Parsed) => string | null) =>
    value === null || value.trim() === "" ? null : pick(parsed(value, country));
  const register = (name: string, pick: (result: Parsed) => string | null) =>
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType: VARCHAR,
        parameterTypes: [VARCHAR, VARCHAR],
        mainFunction: (_info, input, output) => {
          const values = input.getColumnVector(0);
          const countries = input.getColumnVector(1);
          // Extracts list a person's rows together, so a value often repeats the row before it.
          let lastValue: string | null = null;
          let lastCountry: string | null = null;
          let lastResult: string | null = null;
          for (let row = 0; row < input.rowCount; row++) {
            const value = values.getItem(row) as string | null;
            const country = countries.getItem(row) as string | null;
            if (row === 0 || value !== lastValue || country !== lastCountry) {
              lastValue = value;
              lastCountry = country;
              lastResult = verdict(value, country, pick);
            }
            output.setItem(row, lastResult);
          }
          output.flush();
        },
      }),
    );
  register("national_id_key", (result) => ("key" in result ? result.key : null));
  register("national_id_problem", problemOf);
  // The loader's form, over every row of a file: `national_id_problem_run(value, country, fingerprint)`
  // with fingerprint = (hash(value, country) >> 11)::DOUBLE (see nationalIdVerdict). Taking a string out of
  // DuckDB costs more than checking it, and a person's rows come together, so the value and country are
  // read only where the fingerprint differs from the row before (1M Ladok registrations: 11.3 s -> 7.6 s).
  // A 53-bit fingerprint shared by two different neighbouring values is a 1 in 2^53 chance.
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "national_id_problem_run",
      returnType: VARCHAR,
      parameterTypes: [VARCHAR, VARCHAR, DOUBLE],
      mainFunction: (_info, input, output) => {
        const values = input.getColumnVector(0);
        const countries = input.getColumnVector(1);
        const fingerprints = input.getColumnVector(2);
        let last: unknown = null;
        let lastResult: string | null = null;
        for (let row = 0; row < input.rowCount; row++) {
          const fingerprint = fingerprints.getItem(row);
          if (row === 0 || fingerprint === null || fingerprint !== last) {
            last = fingerprint;
            lastResult = verdict(
              values.getItem(row) as string | null,
              countries.getItem(row) as string | null,
              problemOf,
            );
          }
          output.setItem(row, lastResult);
        }
        output.flush();
      },
    }),
  );
}

/**
 * SQL for the national-ID verdict of a loaded file's value (NULL when valid or empty). `digits`, the value's
 * plainSwedishIdDigits from a layer below, lets SQL pass a Swedish ID of digits alone (plain-swedish-id.ts);
 * every other value goes to the JavaScript rules.
 */
export function nationalIdVerdict(value: string, country: string, digits: string): string {
  return `CASE WHEN ${passesAsPlainSwedishId(digits, country)} THEN NULL
    ELSE national_id_problem_run(${value}, ${country}, (hash(${value}, ${country}) >> 11)::DOUBLE) END`;
}
