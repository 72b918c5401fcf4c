import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The expected refresh periods as TEMP tables models can read: `slm_freshness` (the default, one row) and
 * `slm_freshness_sources` (a period per source system, `crm`, or per source and entity, `crm.mailings`).
 */
export async function registerFreshnessSettings(
  warehouse: Warehouse,
  freshness: Config["freshness"],
): Promise<void> {
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_freshness AS SELECT $1::INTEGER AS refresh_days", [
    freshness.refreshDays,
  ]);
  const rows = Object.entries(freshness.sources).map(([key, days]) => ({ key, refresh_days: days }));
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_freshness_sources AS
     SELECT r.key::VARCHAR AS key, r.refresh_days::INTEGER AS refresh_days
     FROM (SELECT unnest($1::JSON::STRUCT(key VARCHAR, refresh_days INTEGER)[]) AS r)`,
    [JSON.stringify(rows)],
  );
}
