import { existsSync } from "node:fs";
import { readPlannedMailing } from "../loaders/outreach/planned-mailing.ts";
import { checkPlannedMailing, type OutreachCheck } from "../pipelines/outreach/check.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { RequestError } from "./errors.ts";
import { withBuiltTables } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

/**
 * `slm outreach check`: a planned send against the built warehouse: contact caps, collisions with other
 * departments, consent. A planned list with problems throws PlannedMailingError, one problem per line.
 */
export async function outreachCheck(
  loaded: LoadedConfig,
  file: string,
  onProgress: Progress = silent,
): Promise<OutreachCheck> {
  if (!existsSync(file)) throw new RequestError(`${file}: no such file or directory`);
  const rows = await readPlannedMailing(file);
  return withBuiltTables(
    loaded,
    [
      ["core", "fct_mailings"],
      ["core", "fct_consents"],
      ["identity", "person_registry"],
    ],
    (warehouse) => checkPlannedMailing(warehouse, file, rows, loaded.config.outreach),
    { models: true, onProgress },
  );
}
