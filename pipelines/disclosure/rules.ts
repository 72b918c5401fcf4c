import type { Config } from "../../warehouse/config.ts";
import { wilson } from "../metrics/wilson.ts";

/** The thresholds of DESIGN §7, from `privacy` in slm.config.json. */
export type Privacy = Config["privacy"];

/** What a published number is: a person count, a rate, or a mean. */
export type CountKind = "count" | "school-count";

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
 * What someone who knows the rules learns about the true count behind a published value `r`: the
 * integers that could have been rounded to `r` and would have been published (0, or at least the
 * threshold). Counts are rounded to a multiple of `roundTo` next to the true count, below or above
 * (controlled rounding, ./controlled.ts, so that totals add up), so r means r - (roundTo - 1) ..
 * r + (roundTo - 1); a multiple of roundTo is published as it is. Returned as a closed interval [lo, hi],
 * the convex hull of that set. (Rounding to the nearest multiple, as a flat .sql model does, is one of
 * the two next multiples: the interval holds for it too.)
 */
export function publishedInterval(r: number, roundTo: number, threshold: number): [number, number] {
  const lo = Math.max(0, r - (roundTo - 1));
  const hi = r + roundTo - 1;
  if (r === 0) return [0, threshold <= hi ? hi : 0];
  return [Math.max(lo, threshold), hi];
}

/**
 * The least count of persons a rate or a mean may rest on when it needs `threshold`. Whether it is shown
 * must tell a reader nothing the rounded count beside it does not: every count that rounds to the same
 * published value (and could be published, `countThreshold`) must reach the threshold too. With the
 * defaults (rates 23, means 8, rounding to 5) that is 28 for a rate (30: 26..34; 25 is 21..29) and 13 for
 * a mean (15: 11..19). Used by the flat .sql models, which round to the nearest multiple; a release,
 * whose rounding is not a function of the count alone, decides on the published value itself (release.ts).
 */
export function shownThreshold(threshold: number, roundTo: number, countThreshold: number): number {
  let n = Math.max(1, threshold);
  while (publishedInterval(roundCount(n, roundTo), roundTo, countThreshold)[0] < threshold) n++;
  return n;
}

/**
 * The least published count a rate or a mean that needs `threshold` persons is shown on: a release decides
 * on the published value (release.ts: the least count it allows reaches the threshold), and a flat model
 * shows from shownThreshold, which rounds to this same value. What the site states, as "persons (as
 * published)": with the defaults 30 for a rate (30 allows 26..34; 25 allows 21) and 15 for a mean.
 */
export function shownFromPublished(threshold: number, roundTo: number, countThreshold: number): number {
  const step = Math.max(1, roundTo);
  // the least value a published count can take: no count under the threshold is published
  let r = Math.max(step, Math.ceil((countThreshold - step + 1) / step) * step);
  while (publishedInterval(r, roundTo, countThreshold)[0] < threshold) r += step;
  return r;
}

/** Decimals a published rate and its interval keep (a hundredth of a percentage point). */
export const RATE_DECIMALS = 4;

/**
 * A published rate and its Wilson 95% interval: computed from the rounded counts, never the exact ones,
 * so they tell a reader nothing the two rounded counts beside them do not (DESIGN §7). The same formula
 * as the SQL in release.ts and the macros in sql.ts.
 */
export function publishedRate(
  k: number,
  n: number,
  roundTo: number,
): { rate: number; low: number; high: number } | null {
  return rateOfPublished(roundCount(k, roundTo), roundCount(n, roundTo));
}

/**
 * A rate and its Wilson 95% interval from the two published (rounded) counts, as a release computes it:
 * a function of what is published beside it, so it tells nothing more.
 */
export function rateOfPublished(kr: number, nr: number): { rate: number; low: number; high: number } | null {
  const interval = wilson(kr, nr);
  if (!interval) return null;
  const round = (x: number) => Math.round(x * 10 ** RATE_DECIMALS) / 10 ** RATE_DECIMALS;
  return { rate: round(kr / nr), low: round(interval.low), high: round(interval.high) };
}

/**
 * The step a mean is published to. A mean is a sum of values over n persons; when one person's value
 * moves in steps of `unit` (7.5-credit courses, whole scores, 0 or 1), a mean shown more finely than
 * unit / n says which n it was divided by, and one shown to unit / n says its sum to the unit (for a 0/1
 * outcome: a count of persons, exactly). So the step is the smallest 1, 2 or 5 x 10^k of at least
 * roundTo x unit / n for the least n a reader must allow: the least the published persons count allows
 * (`published`), or, when that count is suppressed (null), the least a mean is shown on (`shownFrom`).
 * The sum is then known no better than to roundTo units, as a rounded count knows its persons, and every
 * n stays possible; the step is a function of what is published, so it tells nothing itself. Unit 0 is
 * a value computed from published counts and pooled figures only, with no person's value on a lattice
 * behind it: published as computed.
 */
export function meanStep(
  unit: number,
  published: number | null,
  roundTo: number,
  countThreshold: number,
  shownFrom = 1,
): number {
  if (unit === 0) return 0;
  const allowed = published === null ? 0 : publishedInterval(published, roundTo, countThreshold)[0];
  return niceStep((roundTo * unit) / Math.max(1, shownFrom, allowed));
}

/** The smallest 1, 2 or 5 x 10^k that is at least x (x > 0). */
export function niceStep(x: number): number {
  let exponent = Math.floor(Math.log10(x));
  for (;;) {
    for (const mantissa of [1, 2, 5]) {
      const step = exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
      if (step >= x * (1 - 1e-12)) return step;
    }
    exponent++;
  }
}

/**
 * A value rounded to a step (0: as it is), without the binary fractions 0.1 x 3 leaves behind: to the
 * nearest multiple, halves away from zero as SQL's round() does, or down or up (the ends of an interval,
 * so the published interval still covers the computed one).
 */
export function roundToStep(value: number, step: number, direction: Rounding = "nearest"): number {
  if (step === 0) return value;
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
  // A value a hair off a multiple (0.30000000000000004) is that multiple, whichever way it is rounded.
  const q = Number((value / step).toFixed(9));
  const multiples =
    direction === "down"
      ? Math.floor(q)
      : direction === "up"
        ? Math.ceil(q)
        : Math.sign(q) * Math.round(Math.abs(q));
  return Number((multiples * step).toFixed(decimals)) + 0;
}

/** Which way a published mean is rounded to its step. */
export type Rounding = "nearest" | "down" | "up";
