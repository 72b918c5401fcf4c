import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";

/**
 * The institution's stage rules as the TEMP table `slm_stage_rules (source, value, stage)` that
 * core.fct_lifecycle_events joins: `source` is `form_type`, `registration` or `checkin`, `value` the form
 * type or event type it maps. A table rather than generated SQL, so the model stays one plain .sql file and
 * the values are bound, never spliced.
 */
export async function registerStageRules(warehouse: Warehouse, rules: Config["lifecycle"]): Promise<void> {
  const rows = [
    ...Object.entries(rules.formTypes).map(([value, stage]) => ({ source: "form_type", value, stage })),
    ...Object.entries(rules.registrations).map(([value, stage]) => ({
      source: "registration",
      value,
      stage,
    })),
    ...Object.entries(rules.checkins).map(([value, stage]) => ({ source: "checkin", value, stage })),
  ];
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_stage_rules AS
     SELECT r.source::VARCHAR AS source, r.value::VARCHAR AS value, r.stage::VARCHAR AS stage
     FROM (SELECT unnest($1::JSON::STRUCT(source VARCHAR, value VARCHAR, stage VARCHAR)[]) AS r)`,
    [JSON.stringify(rows)],
  );
}
