import { existsSync } from "node:fs";
import { type GapRow, audienceGaps as gaps } from "../pipelines/audiences/gaps.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

export interface AudienceGaps {
  reference_date: string;
  purpose: string;
  days: number;
  rows: GapRow[];
}

/**
 * `slm audience gaps`: the "less" of "neither more nor less": persons with a valid consent and a question still
 * open (inquired, no open-day registration; admitted, no reply) who got nothing in the last `days`, per programme
 * and intake. Counts only; `slm audience build` with an audience's `quiet_days` makes the list.
 */
export async function audienceGaps(
  loaded: LoadedConfig,
  options: { days: number; purpose: string },
  onProgress: Progress = silent,
): Promise<AudienceGaps> {
  if (!existsSync(resolvePath(loaded, loaded.config.paths.warehouse)))
    throw new NotReadyError("no warehouse yet: run slm ingest and slm run first");
  return withWarehouse(
    loaded,
    async (warehouse, context) => {
      for (const [schema, name] of [
        ["core", "fct_lifecycle_events"],
        ["core", "int_inquiry_intakes"],
        ["core", "fct_mailings"],
        ["core", "fct_consents"],
      ] as const)
        if (!(await warehouse.tableExists(schema, name)))
          throw new NotReadyError(`${schema}.${name} is not built yet: run slm run first`);
      return {
        reference_date: context.referenceDate!.date,
        purpose: options.purpose,
        days: options.days,
        rows: await gaps(warehouse, options.purpose, options.days),
      };
    },
    { models: true, onProgress },
  );
}
