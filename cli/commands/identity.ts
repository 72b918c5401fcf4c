import type { Command } from "commander";
import { z } from "zod";
import { identityReport } from "../../app/identity-report.ts";
import { identityReview } from "../../app/identity-review.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress, table } from "../output.ts";

const reportOptions = z.object({
  json: z.boolean().optional(),
  // `--truth` alone: the configured truth folder
  truth: z.union([z.string(), z.literal(true)]).optional(),
});
const reviewOptions = z.object({ json: z.boolean().optional() });

export function registerIdentity(program: Command): void {
  const identity = program
    .command("identity")
    .description("identity resolution: how records link into persons");
  identity
    .command("report")
    .description("records per source, links per rule, cluster sizes, AND vs OR impact, review list size")
    .option("--truth [dir]", "score against the demo's planted truth (default: the configured truth folder)")
    .option("--json", "print the report as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(reportOptions, raw);
      const report = await identityReport(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        { truth: options.truth },
        progress,
      );
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
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(reviewOptions, raw);
      const { pairs } = await identityReview(configFor(command.optsWithGlobals<GlobalOptions>()), progress);
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
