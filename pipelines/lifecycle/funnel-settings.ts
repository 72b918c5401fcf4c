import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The funnel settings as the TEMP table `slm_funnel (entry_stage)` (one row) that marts.mart_funnel_stages
 * reads: where the institution's funnel starts. Bound, never spliced, like the stage rules.
 */
export async function registerFunnelSettings(warehouse: Warehouse, funnel: Config["funnel"]): Promise<void> {
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_funnel AS SELECT $1::VARCHAR AS entry_stage", [
    funnel.entryStage,
  ]);
}
