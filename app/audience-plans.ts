import { existsSync } from "node:fs";
import { type PlanReconciliation, reconcilePlans } from "../pipelines/audiences/planned-sends.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

export interface AudiencePlans {
  plans: PlanReconciliation[];
}

/**
 * `slm audience plans`: every recorded planned send reconciled with the mail the loaded extracts show sent
 * (planned and sent, planned not sent, sent in the campaign but not planned). Counts only.
 */
export async function audiencePlans(
  loaded: LoadedConfig,
  onProgress: Progress = silent,
): Promise<AudiencePlans> {
  if (!existsSync(resolvePath(loaded, loaded.config.paths.warehouse)))
    throw new NotReadyError("no warehouse yet: run slm ingest and slm run first");
  return withWarehouse(
    loaded,
    async (warehouse) => {
      for (const [schema, name] of [
        ["core", "fct_mailings"],
        ["identity", "person_registry"],
      ] as const)
        if (!(await warehouse.tableExists(schema, name)))
          throw new NotReadyError(`${schema}.${name} is not built yet: run slm run first`);
      return { plans: await reconcilePlans(warehouse) };
    },
    { models: true, onProgress },
  );
}
