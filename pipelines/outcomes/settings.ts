import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The outcome settings as a TEMP table models can read, `slm_outcomes` (one row): the minimum number of
 * students a school needs before its performance is estimated, and the alumni engagement weights per
 * CASE mode.
 */
export async function registerOutcomeSettings(
  warehouse: Warehouse,
  outcomes: Config["outcomes"],
): Promise<void> {
  const w = outcomes.alumniWeights;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_outcomes AS
     SELECT $1::INTEGER AS school_min_n, $2::DOUBLE AS weight_philanthropic, $3::DOUBLE AS weight_volunteer,
            $4::DOUBLE AS weight_experiential, $5::DOUBLE AS weight_communication`,
    [outcomes.schoolMinN, w.philanthropic, w.volunteer, w.experiential, w.communication],
  );
}
