import type { Warehouse } from "../../warehouse/connection.ts";
import { metricWindows } from "./registry.ts";

/**
 * The metric registry's observation windows as the TEMP table `slm_metric_windows (metric, anchor, months,
 * plus_nominal, stages)` (anchor 'start' or 'census'), so models read the windows as data rather than spelling
 * months out in SQL (core.dim_outcome_windows dates them per intake).
 */
export async function registerMetricWindows(warehouse: Warehouse): Promise<void> {
  const rows = metricWindows().map(({ metric, window }) => ({
    metric,
    anchor: window.from,
    months: window.months,
    plus_nominal: window.plusNominalLength,
    stages: window.stages,
  }));
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_metric_windows AS
     SELECT r.metric::VARCHAR AS metric, r.anchor::VARCHAR AS anchor, r.months::INTEGER AS months,
            r.plus_nominal::BOOLEAN AS plus_nominal, r.stages::VARCHAR[] AS stages
     FROM (SELECT unnest($1::JSON::STRUCT(metric VARCHAR, anchor VARCHAR, months INTEGER, plus_nominal BOOLEAN,
             stages VARCHAR[])[]) AS r)`,
    [JSON.stringify(rows)],
  );
}

/** What a model's output depends on here, for change detection (registerModelFunctions' fingerprint). */
export const metricWindowsFingerprint = (): string => JSON.stringify(metricWindows());
