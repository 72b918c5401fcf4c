import type { Command } from "commander";
import { evaluateIdentity, type IdentityEvaluation } from "../../pipelines/identity/evaluate.ts";
import { type ReviewPair, reviewList } from "../../pipelines/identity/review-list.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, progress, table } from "../output.ts";

export interface IdentityReport {
  summary: Record<string, unknown>;
  links_by_rule: Record<string, unknown>[];
  cluster_sizes: Record<string, unknown>[];
  records_by_source: Record<string, unknown>[];
  truth?: IdentityEvaluation;
}

export async function identityReport(loaded: LoadedConfig, truthDir?: string): Promise<IdentityReport> {
  return withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("marts", "mart_identity_summary"))) {
        throw new Error("no identity results yet: run `slm run` first");
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
    truthDir ? { models: true } : { readOnly: true },
  );
}

/**
 * The fuzzy review pairs with their evidence, for an authorised analyst on this machine: pseudonymous ids and
 * scores, never published; the audit log records that the list was read and how long it was.
 */
export async function identityReview(loaded: LoadedConfig): Promise<{ pairs: ReviewPair[] }> {
  return withWarehouse(
    loaded,
    async (warehouse) => {
      if (!(await warehouse.tableExists("identity", "int_review_candidates"))) {
        throw new CliError("no identity results yet: run `slm run` first");
      }
      return { pairs: await reviewList(warehouse) };
    },
    { readOnly: true },
  );
}

export function registerIdentity(program: Command): void {
  const identity = program
    .command("identity")
    .description("identity resolution: how records link into persons");
  identity
    .command("report")
    .description("records per source, links per rule, cluster sizes, AND vs OR impact, review list size")
    .option("--truth [dir]", "score against the demo's planted truth (default: the configured truth folder)")
    .option("--json", "print the report as JSON")
    .action(async (options: { json?: boolean; truth?: string | boolean }, command: Command) => {
      const loaded = configFor(command.optsWithGlobals<GlobalOptions>());
      const truthDir =
        options.truth === undefined
          ? undefined
          : typeof options.truth === "string"
            ? options.truth
            : resolvePath(loaded, loaded.config.paths.truth);
      const report = await identityReport(loaded, truthDir);
      if (options.json) return printJson(report);
      const s = report.summary as Record<string, number | string>;
      const out = process.stdout;
      out.write(
        `${count(Number(s.records))} records resolve to ${count(Number(s.persons))} persons (rule 3 in its ${String(s.name_rule_in_use).toUpperCase()} form).\n` +
          `AND form: ${count(Number(s.persons_under_and))} persons; OR form: ${count(Number(s.persons_under_or))} (${count(Number(s.extra_merges_under_or))} extra merges).\n` +
          `Review list: ${count(Number(s.review_candidates))} candidate pairs, never merged automatically.\n\n`,
      );
      out.write(
        `Links per rule\n${table(report.links_by_rule as Record<string, string | number | null>[])}\n`,
      );
      out.write(
        `Records per person\n${table(report.cluster_sizes as Record<string, string | number | null>[])}\n`,
      );
      out.write(`By source\n${table(report.records_by_source as Record<string, string | number | null>[])}`);
      if (report.truth) {
        const t = report.truth;
        out.write(
          `\nAgainst the planted truth: pairwise precision ${t.precision.toFixed(4)}, recall ${t.recall.toFixed(4)} ` +
            `(${count(t.records)} records, ${count(t.truePersons)} true persons, ${count(t.predictedPersons)} resolved).\n`,
        );
      }
    });
  identity
    .command("review")
    .description(
      "local-only, audited list of the pairs of persons whose names are alike, never merged automatically: " +
        "record ids, sources, persons, scores and the fields that agreed (never published)",
    )
    .option("--json", "print the pairs as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { pairs } = await identityReview(configFor(command.optsWithGlobals<GlobalOptions>()));
      if (options.json) return printJson(pairs);
      progress("local list for an authorised analyst; this reading was written to the audit log");
      process.stdout.write(
        `${count(pairs.length)} pair${pairs.length === 1 ? "" : "s"} to review (\`slm person <person_id>\` shows either side)\n\n` +
          table(
            pairs.map((p) => ({ ...p, agreed: p.agreed.join(", ") })),
            [
              "record_id",
              "person_id",
              "candidate_record_id",
              "candidate_person_id",
              "name_similarity",
              "email_local_similarity",
              "agreed",
            ],
          ),
      );
    });
}
