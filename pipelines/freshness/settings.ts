import type { Config } from "../../warehouse/config.ts";
import type { SettingsTable } from "../settings.ts";

/**
 * The expected refresh periods models read: `slm_freshness` (the default, one row) and `slm_freshness_sources`
 * (a period per source system, `crm`, or per source and entity, `crm.mailings`).
 */
export function freshnessSettings(freshness: Config["freshness"]): SettingsTable[] {
  return [
    {
      name: "slm_freshness",
      columns: { refresh_days: "INTEGER" },
      rows: [{ refresh_days: freshness.refreshDays }],
    },
    {
      name: "slm_freshness_sources",
      columns: { key: "VARCHAR", refresh_days: "INTEGER" },
      rows: Object.entries(freshness.sources).map(([key, days]) => ({ key, refresh_days: days })),
    },
  ];
}
