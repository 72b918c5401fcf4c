import { evaluateIdentity, type IdentityEvaluation } from "../pipelines/identity/evaluate.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { NotReadyError } from "./errors.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";

export interface IdentityReport {
  summary: Record<string, unknown>;
  links_by_rule: Record<string, unknown>[];
  cluster_sizes: Record<string, unknown>[];
  records_by_source: Record<string, unknown>[];
  truth?: IdentityEvaluation;
}

export interface IdentityReportOptions {
  /** Score against the demo's planted truth in this folder; `true`: the configured truth folder. */
  truth?: string | true | undefined;
}

/** `slm identity report`: records per source, links per rule, cluster sizes, AND vs OR impact. */
export async function identityReport(
  loaded: LoadedConfig,
  options: IdentityReportOptions = {},
  onProgress: Progress = silent,
): Promise<IdentityReport> {
  const truthDir = options.truth === true ? resolvePath(loaded, loaded.config.paths.truth) : options.truth;
  return withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("marts", "mart_identity_summary"))) {
        throw new NotReadyError("no identity results yet: run `slm run` first");
      }
      return {
        summary: (await warehouse.one("SELECT * FROM marts.mart_identity_summary")) ?? {},
        links_by_rule: await warehouse.all("SELECT * FROM marts.mart_identity_links_by_rule"),
        cluster_sizes: await warehouse.all("SELECT * FROM marts.mart_identity_cluster_sizes"),
        records_by_source: await warehouse.all("SELECT * FROM marts.mart_identity_records_by_source"),
        ...(truthDir ? { truth: await evaluateIdentity(warehouse, truthDir) } : {}),
      };
    },
    // Scoring against the truth pseudonymises its keys, so it needs the key and the model functions.
    truthDir ? { models: true, onProgress } : { readOnly: true, onProgress },
  );
}
