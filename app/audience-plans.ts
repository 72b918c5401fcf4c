import { type PlanReconciliation, reconcilePlans } from "../pipelines/audiences/planned-sends.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { withBuiltTables } from "./open-warehouse.ts";
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
  return withBuiltTables(
    loaded,
    [
      ["core", "fct_mailings"],
      ["identity", "person_registry"],
    ],
    async (warehouse) => ({ plans: await reconcilePlans(warehouse) }),
    { models: true, onProgress },
  );
}
