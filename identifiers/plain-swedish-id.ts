/**
 * SQL that recognises, without leaving DuckDB, the Swedish IDs most extracts are made of: a personnummer or
 * samordningsnummer of digits alone, `YYYYMMDDNNNC`, `YYYYMMDD-NNNC`, `YYMMDDNNNC` or `YYMMDD-NNNC`. It
 * says true only for a value parseSwedishId (swedish-id.ts) accepts; every other value, an interim number
 * or a `+` included, is left to the JavaScript rules, which give the verdict and its reason. Calling out to
 * JavaScript for every row was most of a Ladok file's load (1M registrations: 2.8 M values).
 *
 * Why each value is left out: a `0046` start and a ten-digit `07` number look like phone numbers; a short
 * form's 29 February depends on the century the reference date gives it. test/identifiers holds the SQL to
 * "true only where parseSwedishId accepts" over generated values.
 */

/** Added to a long form's digits: its year is known. */
const LONG = 10 ** 12;

/**
 * SQL: the digits of `value` as one BIGINT when it is written as a plain Swedish ID and looks like no phone
 * number, plus 10^12 for a form with the century; else NULL. Computed once per row, in a layer below the
 * verdict (loaders/typed-select.ts), since plainSwedishIdValid reads it many times.
 */
export function plainSwedishIdDigits(value: string): string {
  return `CASE WHEN regexp_full_match(${value}, '[0-9]{6}([0-9]{2})?-?[0-9]{4}')
    AND NOT starts_with(${value}, '0046') AND NOT (length(${value}) = 10 AND starts_with(${value}, '07'))
    THEN CAST(replace(${value}, '-', '') AS BIGINT) + CASE WHEN length(${value}) >= 12 THEN ${LONG} ELSE 0 END END`;
}

/** SQL: the digit `place` positions from the right of the BIGINT `n` (0: the last). */
function digit(n: string, place: number): string {
  return `((${n} // ${10 ** place}) % 10)`;
}

/** SQL: whether the last ten digits of `n` (YYMMDDNNNC) pass the Luhn check; the odd places from the left double. */
function luhnValid(n: string): string {
  const terms = Array.from({ length: 10 }, (_, fromLeft) => {
    const d = digit(n, 9 - fromLeft);
    return fromLeft % 2 === 0 ? `(2 * ${d} - CASE WHEN ${d} >= 5 THEN 9 ELSE 0 END)` : d;
  });
  return `((${terms.join(" + ")}) % 10 = 0)`;
}

/** SQL: whether month `m` and day `d` of year `y` (NULL: a year not known, so no 29 February) make a real date. */
function realDate(y: string, m: string, d: string): string {
  const leap = `(${y} % 4 = 0 AND ${y} % 100 <> 0 OR ${y} % 400 = 0)`;
  const days = `CASE WHEN ${m} IN (4, 6, 9, 11) THEN 30 WHEN ${m} = 2 THEN CASE WHEN coalesce(${leap}, FALSE) THEN 29 ELSE 28 END ELSE 31 END`;
  return `(${m} BETWEEN 1 AND 12 AND ${d} >= 1 AND ${d} <= ${days})`;
}

/**
 * SQL, true only for a value parseSwedishId accepts, given `digits` (plainSwedishIdDigits of it): a real
 * date (a samordningsnummer's day less 60), a serial other than 000 and a Luhn check digit that matches.
 * NULL digits give NULL: the value is left to the JavaScript rules.
 */
export function plainSwedishIdValid(digits: string): string {
  const year = `CASE WHEN ${digits} >= ${LONG} THEN (${digits} // 100000000) % 10000 END`;
  const month = `((${digits} // 1000000) % 100)`;
  const dayField = `((${digits} // 10000) % 100)`;
  const day = `(${dayField} - CASE WHEN ${dayField} > 60 THEN 60 ELSE 0 END)`;
  const serial = `((${digits} // 10) % 1000)`;
  return `(${realDate(year, month, day)} AND ${serial} <> 0 AND ${luhnValid(digits)})`;
}

/**
 * SQL, true only where the JavaScript rules would accept the value as a Swedish ID given its `digits`: a
 * country other than `nl` (parse reads every other as Swedish) and plainSwedishIdValid. The loader's verdict
 * and the models' key both decide by it.
 */
export function passesAsPlainSwedishId(digits: string, country: string): string {
  return `(coalesce(lower(${country}), 'se') <> 'nl' AND ${plainSwedishIdValid(digits)})`;
}

/**
 * SQL for `national_key(value, country)`: the pseudonymised identity key of a national ID. A Swedish ID of
 * digits alone in a form with the century passes in SQL and its key is written here, `se:YYYYMMDDNNNC` as
 * parseSwedishId makes it; every other value goes to `national_id_key` (JavaScript), a call per distinct
 * value that was most of a Ladok staging model's keying. The value's digits are bound once per row, as a
 * lambda's argument: a macro repeats an argument's text wherever it is used.
 */
export const NATIONAL_KEY_MACRO = `CREATE OR REPLACE TEMP MACRO national_key(value, country) AS
  pseudonym(list_transform([${plainSwedishIdDigits("value")}], lambda digits:
    CASE WHEN digits >= ${LONG} AND ${passesAsPlainSwedishId("digits", "country")}
         THEN 'se:' || lpad((digits - ${LONG})::VARCHAR, 12, '0')
         ELSE national_id_key(value, country) END)[1])`;
