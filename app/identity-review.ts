import { type ReviewPair, reviewList } from "../pipelines/identity/review-list.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

/**
 * `slm identity review`: the fuzzy review pairs with their evidence, for an authorised analyst on this
 * machine: pseudonymous ids and scores, never published; the audit log records that the list was read and
 * how long it was.
 */
export async function identityReview(
  loaded: LoadedConfig,
  onProgress: Progress = silent,
): Promise<{ pairs: ReviewPair[] }> {
  return withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("identity", "int_review_candidates"))) {
        throw new NotReadyError("no identity results yet: run `slm run` first");
      }
      return { pairs: await reviewList(warehouse) };
    },
    { readOnly: true, onProgress },
  );
}
