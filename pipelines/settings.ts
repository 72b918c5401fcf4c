import type { Config } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { quoteIdent } from "../warehouse/sql.ts";
import { calendarSettings } from "./calendar/register.ts";
import { privacySettings } from "./disclosure/sql.ts";
import { freshnessSettings } from "./freshness/settings.ts";
import { funnelSettings } from "./lifecycle/funnel-settings.ts";
import { stageRuleSettings } from "./lifecycle/stage-rules.ts";
import { metricWindowSettings } from "./metrics/windows.ts";
import { outcomeSettings } from "./outcomes/settings.ts";
import { outreachSettings } from "./outreach/settings.ts";

/** A column type of a settings table (DATE travels as text and is cast). */
export type SettingType = "VARCHAR" | "VARCHAR[]" | "INTEGER" | "BIGINT" | "DOUBLE" | "BOOLEAN" | "DATE";

/**
 * A TEMP table of settings that models read (`slm_<name>`): its columns in order with their types, and its
 * rows. Its values are bound as one JSON parameter, never spliced into SQL text.
 */
export interface SettingsTable {
  name: string;
  columns: Record<string, SettingType>;
  rows: readonly object[];
}

/** The one way settings reach models: a TEMP table per SettingsTable (TEMP, so never in the warehouse file). */
export async function registerSettingsTable(warehouse: Warehouse, table: SettingsTable): Promise<void> {
  const columns = Object.entries(table.columns);
  const wire = columns.map(([name, type]) => `${quoteIdent(name)} ${type === "DATE" ? "VARCHAR" : type}`);
  const select = columns.map(([name, type]) => `r.${quoteIdent(name)}::${type} AS ${quoteIdent(name)}`);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table.name)} AS
     SELECT ${select.join(", ")}
     FROM (SELECT unnest($1::JSON::STRUCT(${wire.join(", ")})[]) AS r)`,
    [JSON.stringify(table.rows)],
  );
}

/** What a run computes with beside the configuration: the day its figures are as of. */
export interface SettingsContext {
  config: Config;
  /** The date models treat as "today": century inference, as-of cut-offs. */
  referenceDate: string;
}

/**
 * `slm_settings` (one row): the reference date, the identity name rule in use (rule 3, "and" or "or") and the
 * identity rules switched on (the three of DESIGN §5 and `identity.extraRules`).
 */
export function runSettings({ config, referenceDate }: SettingsContext): SettingsTable {
  return {
    name: "slm_settings",
    columns: { reference_date: "DATE", identity_name_rule: "VARCHAR", identity_rules: "VARCHAR[]" },
    rows: [
      {
        reference_date: referenceDate,
        identity_name_rule: config.identity.nameRule,
        identity_rules: ["national_id", "system_id", "name_email", ...config.identity.extraRules],
      },
    ],
  };
}

/**
 * Every settings table models read, from the validated configuration: the registry that
 * registerModelFunctions registers before a run (pipelines/README.md lists them with their readers).
 */
export function settingsTables(context: SettingsContext): SettingsTable[] {
  const { config } = context;
  return [
    runSettings(context),
    privacySettings(config.privacy),
    ...outreachSettings(config.outreach),
    stageRuleSettings(config.lifecycle),
    funnelSettings(config.funnel),
    outcomeSettings(config.outcomes),
    ...calendarSettings(config.calendar),
    ...freshnessSettings(config.freshness),
    metricWindowSettings(),
  ];
}
