import { type GapRow, audienceGaps as gaps } from "../pipelines/audiences/gaps.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { withBuiltTables } from "./open-warehouse.ts";
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
  return withBuiltTables(
    loaded,
    [
      ["core", "fct_lifecycle_events"],
      ["core", "int_inquiry_intakes"],
      ["core", "fct_mailings"],
      ["core", "fct_consents"],
    ],
    async (warehouse, context) => ({
      reference_date: context.referenceDate!.date,
      purpose: options.purpose,
      days: options.days,
      rows: await gaps(warehouse, options.purpose, options.days),
    }),
    { models: true, onProgress },
  );
}
