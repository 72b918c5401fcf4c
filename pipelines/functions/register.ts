import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { registerNationalIdFunctions } from "../../identifiers/national-id.ts";
import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { PSEUDONYM_MACRO, registerPseudonym } from "../../warehouse/pseudonym.ts";
import { registerCalendar } from "../calendar/register.ts";
import { registerDisclosure } from "../disclosure/index.ts";
import { EXTRACT_DATE_MACRO } from "../freshness/reference-date.ts";
import { registerFreshnessSettings } from "../freshness/settings.ts";
import { registerFunnelSettings } from "../lifecycle/funnel-settings.ts";
import { registerStageRules } from "../lifecycle/stage-rules.ts";
import { WILSON_MACROS } from "../metrics/wilson.ts";
import { metricWindowsFingerprint, registerMetricWindows } from "../metrics/windows.ts";
import { registerOutcomeSettings } from "../outcomes/settings.ts";
import { registerOutreachSettings } from "../outreach/settings.ts";

const MACROS = readFileSync(new URL("./macros.sql", import.meta.url), "utf8");

export interface ModelContext {
  key: Buffer;
  config: Config;
  /** The date models treat as "today": century inference, as-of cut-offs. */
  referenceDate: string;
}

/**
 * Everything a model may call that plain DuckDB lacks: pseudonym(), disclosure control, national-ID
 * validation, normalisation macros and the run's settings. All TEMP, so none of it (least of all the
 * key) is stored in the warehouse file.
 */
export async function registerModelFunctions(warehouse: Warehouse, context: ModelContext): Promise<void> {
  await registerPseudonym(warehouse, context.key);
  await registerDisclosure(warehouse, context.config.privacy);
  registerNationalIdFunctions(warehouse.connection, {
    referenceDate: context.referenceDate,
    interimIssuer: context.config.institution.interimIssuer,
  });
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_settings AS
     SELECT $1::DATE AS reference_date, $2::VARCHAR AS identity_name_rule,
            ['national_id', 'system_id', 'name_email'] || $3::JSON::VARCHAR[] AS identity_rules`,
    [
      context.referenceDate,
      context.config.identity.nameRule,
      JSON.stringify(context.config.identity.extraRules),
    ],
  );
  await registerOutreachSettings(warehouse, context.config.outreach);
  await registerStageRules(warehouse, context.config.lifecycle);
  await registerFunnelSettings(warehouse, context.config.funnel);
  await registerOutcomeSettings(warehouse, context.config.outcomes);
  await registerCalendar(warehouse, context.config.calendar);
  await registerFreshnessSettings(warehouse, context.config.freshness);
  await warehouse.run(EXTRACT_DATE_MACRO);
  await registerMetricWindows(warehouse);
  await warehouse.run(MACROS);
  await warehouse.run(WILSON_MACROS);
  // Everything above that a model's output depends on, as one value for change detection
  // (model-state.ts). The key enters only through an HMAC of a constant, which reveals nothing of it.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify(context.config))
    .update(context.referenceDate)
    .update(EXTRACT_DATE_MACRO)
    .update(MACROS)
    .update(WILSON_MACROS)
    .update(metricWindowsFingerprint())
    .update(PSEUDONYM_MACRO)
    .update(createHmac("sha256", context.key).update("slm:model-state").digest())
    .digest("hex");
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_context AS SELECT $1::VARCHAR AS fingerprint", [
    fingerprint,
  ]);
}
