import { Z95 } from "./wilson.ts";

/**
 * Predicted turnout of an event session (DESIGN §6, metric `predicted_turnout`): n confirmed registrants times the
 * session type's past show rate k / m (k of m confirmed registrants of earlier sessions checked in), with a 95%
 * interval for the count that will come. Who comes is a binomial draw of the n at a show rate that is itself only
 * estimated from m, so the interval is the normal approximation to the beta-binomial predictive distribution: with
 * the Jeffreys estimate r = (k + 1/2) / (m + 1), variance n r (1 - r) (m + 1 + n) / (m + 2), the binomial's widened
 * by the uncertainty of the rate (a Wilson interval on the rate alone holds only that part, and misses most sessions
 * once m is large). Its ends round outward to whole persons within 0 .. n. A TypeScript definition (tests, the
 * release) and SQL macros generated from it (models), the same operations in the same order.
 */
export function turnout(
  n: number,
  k: number,
  m: number,
): { predicted: number; low: number; high: number } | null {
  if (!(m > 0) || !(n >= 0)) return null;
  const r = (k + 0.5) / (m + 1);
  const spread = Z95 * Math.sqrt((n * r * (1 - r) * (m + 1 + n)) / (m + 2));
  const predicted = (n * k) / m;
  return {
    predicted,
    low: Math.max(0, Math.floor(predicted - spread)),
    high: Math.min(n, Math.ceil(predicted + spread)),
  };
}

const double = (x: number) => `${x}::DOUBLE`;

/** SQL for turnout(n, k, m) over SQL expressions: the predicted count or an end of its interval; NULL without history. */
export function turnoutSql(n: string, k: string, m: string, part: "predicted" | "low" | "high"): string {
  const nd = `(${n})::DOUBLE`;
  const kd = `(${k})::DOUBLE`;
  const md = `(${m})::DOUBLE`;
  const r = `((${kd} + 0.5) / (${md} + 1))`;
  const spread = `(${double(Z95)} * sqrt((${nd} * ${r} * (1 - ${r}) * (${md} + 1 + ${nd})) / (${md} + 2)))`;
  const predicted = `(${nd} * ${kd} / ${md})`;
  const value =
    part === "predicted"
      ? predicted
      : part === "low"
        ? `greatest(0, floor(${predicted} - ${spread}))::BIGINT`
        : `least(${n}, ceil(${predicted} + ${spread}))::BIGINT`;
  return `CASE WHEN (${m}) > 0 AND (${n}) >= 0 AND (${k}) IS NOT NULL THEN ${value} END`;
}

/** `turnout_predicted(n, k, m)`, `turnout_low(n, k, m)`, `turnout_high(n, k, m)` (registered by functions/register.ts). */
export const TURNOUT_MACROS = [
  `CREATE OR REPLACE TEMP MACRO turnout_predicted(n, k, m) AS ${turnoutSql("n", "k", "m", "predicted")};`,
  `CREATE OR REPLACE TEMP MACRO turnout_low(n, k, m) AS ${turnoutSql("n", "k", "m", "low")};`,
  `CREATE OR REPLACE TEMP MACRO turnout_high(n, k, m) AS ${turnoutSql("n", "k", "m", "high")};`,
].join("\n");
