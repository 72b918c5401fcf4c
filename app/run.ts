import { ensureAllRawTables } from "../loaders/raw-tables.ts";
import { expandCalendar } from "../pipelines/calendar/expand.ts";
import { type ExportedFile, exportPublishTables } from "../pipelines/export.ts";
import { describeReferenceDate, type ReferenceDate } from "../pipelines/freshness/reference-date.ts";
import { type RetentionItem, retentionDue } from "../pipelines/privacy/retention.ts";
import { type RunResult, runModels } from "../pipelines/runner.ts";
import { audit } from "../warehouse/audit.ts";
import { type LoadedConfig, resolvePath } from "../warehouse/config.ts";
import { count, seconds } from "./format.ts";
import { withWarehouse } from "./open-warehouse.ts";
import { type Progress, silent } from "./progress.ts";
import { retentionLine } from "./retention-line.ts";

export interface RunReport extends RunResult {
  published: ExportedFile[];
  /** Rows past their configured retention period, per category: `slm retention apply` removes them. */
  retention_due: RetentionItem[];
  /** The day the figures are as of, and where that day came from (flag, env, config, newest extract, clock). */
  reference_date: ReferenceDate;
}

/** The steps of a run, in order; `around` sees each (the bench measures them one by one). */
export type RunStep = "models" | "publish" | "retention";

export interface RunOptions {
  /** Rebuild every model, also those whose inputs are unchanged since the last run. */
  full?: boolean;
  /** The day to compute as of (YYYY-MM-DD), before SLM_REFERENCE_DATE and the configuration's. */
  asOf?: string | undefined;
  /** Wraps each step, e.g. to time it; it must call work once and return what work returns. */
  around?: <T>(step: RunStep, work: () => Promise<T>) => Promise<T>;
}

/**
 * `slm run`: builds every model in dependency order (keeping those whose inputs are unchanged unless `full`),
 * publishes the site's tables through disclosure control as a new release, and lists what retention has made
 * due. A failure anywhere leaves the previous models and release in place (pipelines/runner.ts).
 */
export async function run(
  loaded: LoadedConfig,
  options: RunOptions = {},
  onProgress: Progress = silent,
): Promise<RunReport> {
  const { config } = loaded;
  const around = options.around ?? ((_step, work) => work());
  return withWarehouse(
    loaded,
    async (warehouse, context) => {
      const reference = context.referenceDate;
      if (!reference) throw new Error("models registered without a reference date");
      onProgress(describeReferenceDate(reference));
      const built = await around("models", async () => {
        // Models read every source's raw table, so a source with no file yet is an empty table, not an error.
        await ensureAllRawTables(warehouse);
        return runModels(
          warehouse,
          (result, index, total) =>
            onProgress(
              `[${index + 1}/${total}] ${result.model}: ${count(result.rows)} rows (${result.skipped ? "unchanged, kept" : `${seconds(result.seconds)}${result.incremental ? ", changed keys only" : ""}`})`,
            ),
          undefined,
          { track: true, skipUnchanged: !options.full, privacy: config.privacy },
        );
      });
      onProgress(`${built.tests} data tests passed`);
      const published = await around("publish", () =>
        exportPublishTables(warehouse, resolvePath(loaded, config.paths.publish), built.runId, {
          institution: config.institution.name,
          locale: config.institution.locale,
          asOf: reference,
          privacy: config.privacy,
          intakes: expandCalendar(config.calendar).intakes,
        }),
      );
      onProgress(`published ${published.length} tables to ${config.paths.publish}`);
      // Retention is a legal period counted from the real day, whatever day the figures are as of.
      const due = await around("retention", () =>
        retentionDue(warehouse, config.retention, new Date().toISOString().slice(0, 10)),
      );
      onProgress(retentionLine(due));
      await audit(warehouse, "run", {
        run_id: built.runId,
        models: built.models.length,
        published: published.length,
        retention_due: due.reduce((sum, item) => sum + item.rows, 0),
      });
      return { ...built, published, retention_due: due, reference_date: reference };
    },
    { models: true, asOf: options.asOf, onProgress },
  );
}
