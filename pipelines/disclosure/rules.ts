import type { Config } from "../../warehouse/config.ts";

/** The thresholds of DESIGN §7, from `privacy` in slm.config.json. */
export type Privacy = Config["privacy"];

/** What a published number is: a person count, a rate, or a mean. */
export type CountKind = "count" | "school-count";

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Rounds a person count to the nearest multiple of `roundTo`, halves upwards (0, 1, 2 -> 0 and 3 -> 5
 * for roundTo 5; 5 -> 10 for roundTo 10). Integer arithmetic, the same formula as the SQL.
 */
export function roundCount(n: number, roundTo: number): number {
  return Math.floor((2 * n + roundTo) / (2 * roundTo)) * roundTo;
}

/** The persons a cell needs before its count may be shown: school-of-origin cells need more. */
export function countThreshold(privacy: Privacy, kind: CountKind, school = false): number {
  return kind === "school-count" || school
    ? Math.max(privacy.minCount, privacy.minSchoolCell)
    : privacy.minCount;
}

/** The denominator a rate needs before it may be shown. */
export function rateThreshold(privacy: Privacy, school = false): number {
  return school ? Math.max(privacy.minRateDenominator, privacy.minSchoolCell) : privacy.minRateDenominator;
}

/** The persons a mean must rest on before it may be shown. */
export function meanThreshold(privacy: Privacy, school = false): number {
  return school ? Math.max(privacy.minMeanPersons, privacy.minSchoolCell) : privacy.minMeanPersons;
}

/**
 * A count is suppressed (primary) when it has some persons but fewer than the threshold. A true zero
 * is published as 0: a zero cell names nobody, and DUO and HESA show zeros too.
 */
export function primaryCountSuppressed(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

/**
 * What someone who knows the rules learns about the true count behind a published value `r`:
 * the integers that round to `r` and would have been published (0, or at least the threshold).
 * Returned as a closed interval [lo, hi], the convex hull of that set.
 */
export function publishedInterval(r: number, roundTo: number, threshold: number): [number, number] {
  const lo = Math.max(0, r - Math.floor(roundTo / 2));
  const hi = r + Math.ceil(roundTo / 2) - 1;
  if (r === 0) return [0, threshold <= hi ? hi : 0];
  return [Math.max(lo, threshold), hi];
}
