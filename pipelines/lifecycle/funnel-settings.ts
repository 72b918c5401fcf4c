import type { Config } from "../../warehouse/config.ts";
import type { SettingsTable } from "../settings.ts";

/**
 * The funnel settings as `slm_funnel (entry_stage)` (one row) that marts.mart_funnel_stages reads: where the
 * institution's funnel starts.
 */
export function funnelSettings(funnel: Config["funnel"]): SettingsTable {
  return {
    name: "slm_funnel",
    columns: { entry_stage: "VARCHAR" },
    rows: [{ entry_stage: funnel.entryStage }],
  };
}
