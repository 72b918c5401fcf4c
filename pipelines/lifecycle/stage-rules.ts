import type { Config } from "../../warehouse/config.ts";
import type { SettingsTable } from "../settings.ts";

/**
 * The institution's stage rules as the settings table `slm_stage_rules (source, value, stage)` that
 * core.fct_lifecycle_events joins: `source` is `form_type`, `registration` or `checkin`, `value` the form
 * type or event type it maps. A table rather than generated SQL, so the model stays one plain .sql file and
 * the values are bound, never spliced.
 */
export function stageRuleSettings(rules: Config["lifecycle"]): SettingsTable {
  const rows = [
    ...Object.entries(rules.formTypes).map(([value, stage]) => ({ source: "form_type", value, stage })),
    ...Object.entries(rules.registrations).map(([value, stage]) => ({
      source: "registration",
      value,
      stage,
    })),
    ...Object.entries(rules.checkins).map(([value, stage]) => ({ source: "checkin", value, stage })),
  ];
  return {
    name: "slm_stage_rules",
    columns: { source: "VARCHAR", value: "VARCHAR", stage: "VARCHAR" },
    rows,
  };
}
