import { DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import type { Warehouse } from "../../warehouse/connection.ts";
import { parseBsn, parseSwedishId } from "../identity/ids/index.ts";

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
 * The validation rules live once, in pipelines/identity/ids; SQL models call them through these.
 * Values repeat heavily (one person, many rows), so results are memoised per connection.
 */
export function registerNationalIdFunctions(warehouse: Warehouse, settings: NationalIdSettings): void {
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
  const register = (name: string, pick: (result: Parsed) => string | null) =>
    warehouse.connection.registerScalarFunction(
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
              lastResult = value === null || value.trim() === "" ? null : pick(parsed(value, country));
            }
            output.setItem(row, lastResult);
          }
          output.flush();
        },
      }),
    );
  register("national_id_key", (result) => ("key" in result ? result.key : null));
  register("national_id_problem", (result) => ("reason" in result ? result.reason : null));
}
