import { existsSync } from "node:fs";
import { readPlannedMailing } from "../loaders/outreach/planned-mailing.ts";
import { checkPlannedMailing, type OutreachCheck } from "../pipelines/outreach/check.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { NotReadyError, RequestError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
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
  if (!existsSync(resolvePath(loaded, loaded.config.paths.warehouse)))
    throw new NotReadyError("no warehouse yet: run slm ingest and slm run first");
  return withWarehouse(
    loaded,
    async (warehouse) => {
      for (const [schema, name] of [
        ["core", "fct_mailings"],
        ["core", "fct_consents"],
        ["identity", "person_registry"],
      ] as const) {
        if (!(await warehouse.tableExists(schema, name)))
          throw new NotReadyError(`${schema}.${name} is not built yet: run slm run first`);
      }
      return checkPlannedMailing(warehouse, file, rows, loaded.config.outreach);
    },
    { models: true, onProgress },
  );
}
