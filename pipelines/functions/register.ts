import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { registerNationalIdFunctions } from "../../identifiers/national-id.ts";
import { NATIONAL_KEY_MACRO } from "../../identifiers/plain-swedish-id.ts";
import type { Config } from "../../warehouse/config.ts";
import type { Warehouse } from "../../warehouse/connection.ts";
import { PSEUDONYM_MACRO, registerPseudonym } from "../../warehouse/pseudonym.ts";
import { registerDisclosureMacros } from "../disclosure/sql.ts";
import { EXTRACT_DATE_MACRO } from "../freshness/reference-date.ts";
import { TURNOUT_MACROS } from "../metrics/turnout.ts";
import { WILSON_MACROS } from "../metrics/wilson.ts";
import { metricWindowsFingerprint } from "../metrics/windows.ts";
import { registerSettingsTable, settingsTables } from "../settings.ts";

const MACROS = readFileSync(new URL("./macros.sql", import.meta.url), "utf8");

export interface ModelContext {
  key: Buffer;
  config: Config;
  /** The date models treat as "today": century inference, as-of cut-offs. */
  referenceDate: string;
}

/**
 * Everything a model may call that plain DuckDB lacks: pseudonym(), disclosure control, national-ID
 * validation, normalisation macros and the run's settings (every table of pipelines/settings.ts). All
 * TEMP, so none of it (least of all the key) is stored in the warehouse file.
 */
export async function registerModelFunctions(warehouse: Warehouse, context: ModelContext): Promise<void> {
  await registerPseudonym(warehouse, context.key);
  for (const table of settingsTables(context)) await registerSettingsTable(warehouse, table);
  await registerDisclosureMacros(warehouse);
  registerNationalIdFunctions(warehouse.connection, {
    referenceDate: context.referenceDate,
    interimIssuer: context.config.institution.interimIssuer,
  });
  await warehouse.run(EXTRACT_DATE_MACRO);
  await warehouse.run(MACROS);
  await warehouse.run(NATIONAL_KEY_MACRO);
  await warehouse.run(WILSON_MACROS);
  await warehouse.run(TURNOUT_MACROS);
  // Everything above that a model's output depends on, as one value for change detection
  // (model-state.ts). The key enters only through an HMAC of a constant, which reveals nothing of it.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify(context.config))
    .update(context.referenceDate)
    .update(EXTRACT_DATE_MACRO)
    .update(MACROS)
    .update(NATIONAL_KEY_MACRO)
    .update(WILSON_MACROS)
    .update(TURNOUT_MACROS)
    .update(metricWindowsFingerprint())
    .update(PSEUDONYM_MACRO)
    .update(createHmac("sha256", context.key).update("slm:model-state").digest())
    .digest("hex");
  await warehouse.run("CREATE OR REPLACE TEMP TABLE slm_context AS SELECT $1::VARCHAR AS fingerprint", [
    fingerprint,
  ]);
}
