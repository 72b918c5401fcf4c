import type { SettingsTable } from "../settings.ts";
import { metricWindows } from "./registry.ts";

/**
 * The metric registry's observation windows as the settings table `slm_metric_windows (metric, anchor, months,
 * plus_nominal, stages)` (anchor 'start' or 'census'), so models read the windows as data rather than spelling
 * months out in SQL (core.dim_outcome_windows dates them per intake).
 */
export function metricWindowSettings(): SettingsTable {
  const rows = metricWindows().map(({ metric, window }) => ({
    metric,
    anchor: window.from,
    months: window.months,
    plus_nominal: window.plusNominalLength,
    stages: window.stages,
  }));
  return {
    name: "slm_metric_windows",
    columns: {
      metric: "VARCHAR",
      anchor: "VARCHAR",
      months: "INTEGER",
      plus_nominal: "BOOLEAN",
      stages: "VARCHAR[]",
    },
    rows,
  };
}

/** What a model's output depends on here, for change detection (registerModelFunctions' fingerprint). */
export const metricWindowsFingerprint = (): string => JSON.stringify(metricWindows());
