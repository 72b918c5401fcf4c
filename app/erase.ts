import { randomUUID } from "node:crypto";
import {
  erasureHolding,
  type RawErasure,
  recordErasure,
  setErasureStep,
} from "../pipelines/privacy/erasure.ts";
import { audit } from "../warehouse/audit.ts";
import type { LoadedConfig } from "../warehouse/config.ts";
import { finishErasures, type SiteAfterErasure } from "./erasure-finish.ts";
import { NotFoundError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { findPersonIds, lookupKind } from "./person.ts";
import { type Progress, silent } from "./progress.ts";

export type { SiteAfterErasure } from "./erasure-finish.ts";

export interface EraseResult extends RawErasure {
  erasure_id: string;
  lookup: ReturnType<typeof lookupKind>;
  persons: number;
  identifiers: number;
  /** The value named a person erased before: that erasure was finished again, nothing new was recorded. */
  already_erased: boolean;
  releases_removed: number;
  site: SiteAfterErasure;
  run_id: number;
  bytes_before: number;
  bytes_after: number;
}

/**
 * `slm erase`: records every identifier of the person on the erasure list first (so an interrupted erasure
 * is finished by the next operation of any kind), then removes them from raw, every model, every release
 * and the built site, and compacts the warehouse file so no byte of them is left.
 */
export async function erase(
  loaded: LoadedConfig,
  value: string,
  onProgress: Progress = silent,
): Promise<EraseResult> {
  const lookup = lookupKind(value);
  const request = await withWarehouse(
    loaded,
    async (warehouse) => {
      const personIds = await findPersonIds(warehouse, value);
      const known = Number(
        await warehouse.scalar(
          "SELECT count(DISTINCT person_id) FROM identity.person_registry WHERE person_id IN (SELECT unnest($1::BIGINT[]))",
          [`[${personIds.join(",")}]`],
        ),
      );
      if (known === 0) {
        const earlier = lookup === "person_id" ? null : await erasureHolding(warehouse, value);
        if (!earlier) throw new NotFoundError("no person found for that value; nothing was erased");
        // Erased before: go through its steps again, in case a row or a byte of them is still here.
        onProgress(`erasure ${earlier} already holds this value: finishing it again`);
        await setErasureStep(warehouse, earlier, "recorded");
        await audit(warehouse, "erase", { lookup_kind_erased_before: 1 });
        return { erasureId: earlier, persons: 0, identifiers: 0, alreadyErased: true };
      }
      const erasureId = randomUUID();
      onProgress(`erasing ${known} person(s): recording every identifier on the erasure list first`);
      const identifiers = await recordErasure(warehouse, {
        erasureId,
        lookup,
        personIds: personIds.filter((id) => id !== ""),
      });
      await audit(warehouse, "erase", { erasure_id: erasureId, lookup, persons: known, identifiers });
      return { erasureId, persons: known, identifiers, alreadyErased: false };
    },
    { models: true, onProgress },
  );
  const finished = await finishErasures(loaded, onProgress);
  if (!finished) throw new Error(`erasure ${request.erasureId} was recorded but is not pending`);
  return {
    erasure_id: request.erasureId,
    lookup,
    persons: request.persons,
    identifiers: request.identifiers,
    already_erased: request.alreadyErased,
    ...finished.raw,
    releases_removed: finished.releases_removed,
    site: finished.site,
    run_id: finished.run_id,
    bytes_before: finished.bytes_before,
    bytes_after: finished.bytes_after,
  };
}
