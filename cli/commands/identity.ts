import type { Command } from "commander";
import type { LoadedConfig } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { count, printJson, table } from "../output.ts";

export interface IdentityReport {
  summary: Record<string, unknown>;
  links_by_rule: Record<string, unknown>[];
  cluster_sizes: Record<string, unknown>[];
  records_by_source: Record<string, unknown>[];
}

export async function identityReport(loaded: LoadedConfig): Promise<IdentityReport> {
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
      };
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
    .option("--json", "print the report as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await identityReport(configFor(command.optsWithGlobals<GlobalOptions>()));
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
    });
}
