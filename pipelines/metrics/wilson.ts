/** z for a two-sided 95% interval: the one value every interval of the project uses, in SQL and TypeScript. */
export const Z95 = 1.959963984540054;

/** z for a two-sided 80% interval (the forecasts' inner interval, marts/mart_enrolment_forecast_runs.sql). */
export const Z80 = 1.2815515655446004;

/**
 * Wilson 95% score interval for k of n (DESIGN §6: every rate carries one). A release computes it in
 * TypeScript from the published counts (disclosure/rules.ts); models call the SQL below, the same
 * operations in the same order, so both give the same number to the last bit.
 */
export function wilson(k: number, n: number): { low: number; high: number } | null {
  if (!(n > 0)) return null;
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = p + z2 / (2 * n);
  const spread = Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  return { low: Math.max(0, (centre - spread) / scale), high: Math.min(1, (centre + spread) / scale) };
}

/** A number as a SQL DOUBLE literal that reads back as the same number. */
const double = (x: number) => `${x}::DOUBLE`;

/** SQL for an end of `wilson(k, n)` over SQL expressions; NULL when n is NULL or not positive, or k is NULL. */
export function wilsonSql(k: string, n: string, end: "low" | "high"): string {
  // in DOUBLE throughout, as TypeScript computes
  const nd = `(${n})::DOUBLE`;
  const p = `((${k})::DOUBLE / ${nd})`;
  const z2 = double(Z95 * Z95);
  const centre = `(${p} + ${z2} / (2 * ${nd}))`;
  const spread = `(${double(Z95)} * sqrt((${p} * (1 - ${p})) / ${nd} + ${z2} / (4 * ${nd} * ${nd})))`;
  const scale = `(1 + ${z2} / ${nd})`;
  const value =
    end === "low"
      ? `greatest(0, (${centre} - ${spread}) / ${scale})`
      : `least(1, (${centre} + ${spread}) / ${scale})`;
  return `CASE WHEN (${n}) > 0 AND (${k}) IS NOT NULL THEN ${value} END`;
}

/**
 * The SQL macros every model may call: `wilson_low(k, n)`, `wilson_high(k, n)`, `z95()` and `z80()`, generated from the
 * definitions above (registered by functions/register.ts).
 */
export const WILSON_MACROS = [
  `CREATE OR REPLACE TEMP MACRO z95() AS ${double(Z95)};`,
  `CREATE OR REPLACE TEMP MACRO z80() AS ${double(Z80)};`,
  `CREATE OR REPLACE TEMP MACRO wilson_low(k, n) AS ${wilsonSql("k", "n", "low")};`,
  `CREATE OR REPLACE TEMP MACRO wilson_high(k, n) AS ${wilsonSql("k", "n", "high")};`,
].join("\n");
