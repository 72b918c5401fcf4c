import type { Warehouse } from "../../warehouse/connection.ts";
import { wilsonSql } from "../metrics/wilson.ts";
import { registerSettingsTable, type SettingsTable } from "../settings.ts";
import { countThreshold, meanThreshold, type Privacy, rateThreshold, shownThreshold } from "./rules.ts";

/** SQL for rounding a count to the nearest multiple of `roundTo` (halves up), in integers. */
export function roundedCountSql(n: string, roundTo: string): string {
  return `(((2 * (${n})::BIGINT + (${roundTo})) // (2 * (${roundTo}))) * (${roundTo}))::BIGINT`;
}

const SETTING = (column: string) => `(SELECT ${column} FROM slm_privacy)`;

/** The thresholds as the settings table `slm_privacy` (one row) that the macros below read. */
export function privacySettings(privacy: Privacy): SettingsTable {
  const count = countThreshold(privacy, "count");
  return {
    name: "slm_privacy",
    columns: {
      min_count: "BIGINT",
      round_to: "BIGINT",
      min_rate_denominator: "BIGINT",
      min_mean_persons: "BIGINT",
      min_school_cell: "BIGINT",
      rate_shown_from: "BIGINT",
      mean_shown_from: "BIGINT",
    },
    rows: [
      {
        min_count: privacy.minCount,
        round_to: privacy.roundTo,
        min_rate_denominator: privacy.minRateDenominator,
        min_mean_persons: privacy.minMeanPersons,
        min_school_cell: privacy.minSchoolCell,
        rate_shown_from: shownThreshold(rateThreshold(privacy), privacy.roundTo, count),
        mean_shown_from: shownThreshold(meanThreshold(privacy), privacy.roundTo, count),
      },
    ],
  };
}

/**
 * Registers the per-connection disclosure settings (`slm_privacy`) and the SQL macros a flat publish model
 * (a `.sql` file with no margins and no cell shared with another table) may call.
 */
export async function registerDisclosure(warehouse: Warehouse, privacy: Privacy): Promise<void> {
  await registerSettingsTable(warehouse, privacySettings(privacy));
  await registerDisclosureMacros(warehouse);
}

/**
 * The SQL macros of flat publish models, reading their thresholds from `slm_privacy` (registered first):
 * thresholds are bound into that table, never spliced into SQL text.
 */
export async function registerDisclosureMacros(warehouse: Warehouse): Promise<void> {
  const minCount = SETTING("min_count");
  const schoolCount = `greatest(${minCount}, ${SETTING("min_school_cell")})`;
  const roundTo = SETTING("round_to");
  const rateMin = SETTING("rate_shown_from");
  const meanMin = SETTING("mean_shown_from");
  const rounded = (n: string) => `rounded_count(${n})::DOUBLE`;
  // rules.ts meanStep: the least n the rounded persons allow (publishedInterval), then the next 1, 2 or
  // 5 x 10^k.
  // A persons count the flat model would suppress (disclosed_count) is not there to read: from meanMin.
  const least = `greatest(1, ${meanMin}, CASE WHEN persons < ${minCount} OR rounded_count(persons) = 0 THEN 0
    ELSE greatest(rounded_count(persons) - (${roundTo} - 1), ${minCount}) END)`;
  const x = `(${roundTo} * unit::DOUBLE / ${least})`;
  const p = `pow(10, floor(log10(${x})))`;
  const atLeast = (step: string) => `${step} >= ${x} * (1 - 1e-12)`;
  const macros = [
    // The count rounded, whatever its size (no suppression): for totals a model states itself.
    `rounded_count(n) AS ${roundedCountSql("n", SETTING("round_to"))}`,
    // A count of persons: NULL (suppressed) with 1 .. minCount-1 persons, otherwise rounded; 0 stays 0.
    `disclosed_count(n) AS CASE WHEN n IS NULL OR (n > 0 AND n < ${minCount}) THEN NULL ELSE rounded_count(n) END`,
    // A school-of-origin count: needs minSchoolCell persons.
    `disclosed_school_count(n) AS CASE WHEN n IS NULL OR (n > 0 AND n < ${schoolCount}) THEN NULL ELSE rounded_count(n) END`,
    // A rate k/n: NULL when n is below the rate threshold (rules.ts shownThreshold) or k would be suppressed;
    // otherwise from the rounded counts (rules.ts publishedRate), so it tells nothing they do not.
    `rate_suppressed(k, n) AS (n IS NULL OR k IS NULL OR n < ${rateMin} OR (k > 0 AND k < ${minCount}))`,
    `disclosed_rate(k, n) AS CASE WHEN rate_suppressed(k, n) THEN NULL ELSE round(${rounded("k")} / ${rounded("n")}, 4) END`,
    `disclosed_rate_low(k, n) AS CASE WHEN rate_suppressed(k, n) THEN NULL ELSE round(${wilsonSql(rounded("k"), rounded("n"), "low")}, 4) END`,
    `disclosed_rate_high(k, n) AS CASE WHEN rate_suppressed(k, n) THEN NULL ELSE round(${wilsonSql(rounded("k"), rounded("n"), "high")}, 4) END`,
    // The step a mean on `persons` whose values move in steps of `unit` is shown to (rules.ts meanStep).
    `mean_step(persons, unit) AS CASE WHEN unit = 0 THEN 0::DOUBLE
       WHEN ${atLeast(p)} THEN ${p} WHEN ${atLeast(`2 * ${p}`)} THEN 2 * ${p}
       WHEN ${atLeast(`5 * ${p}`)} THEN 5 * ${p} ELSE 10 * ${p} END`,
    // A mean: NULL when it rests on fewer than minMeanPersons persons; otherwise rounded to its step.
    `disclosed_mean(value, persons, unit) AS CASE WHEN value IS NULL OR persons IS NULL OR persons < ${meanMin} THEN NULL
       WHEN mean_step(persons, unit) = 0 THEN value::DOUBLE
       ELSE round(round(value / mean_step(persons, unit)) * mean_step(persons, unit),
                  greatest(0, 1 - floor(log10(mean_step(persons, unit))))::INTEGER) END`,
  ];
  for (const macro of macros) await warehouse.run(`CREATE OR REPLACE TEMP MACRO ${macro}`);
}

/** The thresholds registered on this connection by `registerDisclosure`. */
export async function registeredPrivacy(warehouse: Warehouse): Promise<Privacy> {
  const row = await warehouse
    .one<{ [k: string]: number }>(
      `SELECT min_count::INTEGER AS min_count, round_to::INTEGER AS round_to,
              min_rate_denominator::INTEGER AS min_rate_denominator,
              min_mean_persons::INTEGER AS min_mean_persons, min_school_cell::INTEGER AS min_school_cell
       FROM slm_privacy`,
    )
    .catch(() => undefined);
  if (!row)
    throw new Error("disclosure control is not registered on this connection: call registerDisclosure first");
  return {
    minCount: row.min_count!,
    roundTo: row.round_to!,
    minRateDenominator: row.min_rate_denominator!,
    minMeanPersons: row.min_mean_persons!,
    minSchoolCell: row.min_school_cell!,
  };
}
