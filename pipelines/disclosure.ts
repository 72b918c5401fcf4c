import type { Config } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";

/**
 * Registers the disclosure-control macros publish models call. Thresholds come from configuration
 * and are bound into a TEMP settings table, so they are never spliced into SQL text.
 */
export async function registerDisclosure(warehouse: Warehouse, privacy: Config["privacy"]): Promise<void> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_privacy AS
     SELECT $1::BIGINT AS min_count, $2::BIGINT AS round_to, $3::BIGINT AS min_rate_denominator,
            $4::BIGINT AS min_mean_persons, $5::BIGINT AS min_school_cell`,
    [
      privacy.minCount,
      privacy.roundTo,
      privacy.minRateDenominator,
      privacy.minMeanPersons,
      privacy.minSchoolCell,
    ],
  );
  // A count of persons: suppressed below the minimum, otherwise rounded to the nearest multiple.
  await warehouse.run(
    `CREATE OR REPLACE TEMP MACRO disclosed_count(n) AS
       CASE WHEN n IS NULL OR n < (SELECT min_count FROM slm_privacy) THEN NULL
            ELSE (round(n / (SELECT round_to FROM slm_privacy)) * (SELECT round_to FROM slm_privacy))::BIGINT END`,
  );
}
