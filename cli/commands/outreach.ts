import { existsSync } from "node:fs";
import type { Command } from "commander";
import {
  checkPlannedMailing,
  type OutreachCheck,
  PlannedMailingError,
  readPlannedMailing,
} from "../../pipelines/outreach/check.ts";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions, withWarehouse } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, printJson, table } from "../output.ts";

/** Checks a planned send against the built warehouse: caps, collisions, consent. */
export async function outreachCheck(loaded: LoadedConfig, file: string): Promise<OutreachCheck> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file or directory`);
  let rows: ReturnType<typeof readPlannedMailing>;
  try {
    rows = readPlannedMailing(file);
  } catch (error) {
    // One line per problem found in the planned list, each naming file, line and column.
    if (error instanceof PlannedMailingError) throw new CliError(error.message, 1, true);
    throw error;
  }
  if (!existsSync(resolvePath(loaded, loaded.config.paths.warehouse)))
    throw new CliError("no warehouse yet: run slm ingest and slm run first");
  return withWarehouse(
    loaded,
    async (warehouse) => {
      for (const [schema, name] of [
        ["core", "fct_mailings"],
        ["core", "fct_consents"],
        ["identity", "person_registry"],
      ] as const) {
        if (!(await warehouse.tableExists(schema, name)))
          throw new CliError(`${schema}.${name} is not built yet: run slm run first`);
      }
      return checkPlannedMailing(warehouse, file, rows, loaded.config.outreach);
    },
    { models: true },
  );
}

function printCheck(report: OutreachCheck): void {
  const out = process.stdout;
  out.write(
    `${report.file}: ${count(report.rows)} planned messages to ${count(report.recipients)} recipients` +
      ` (${count(report.unknown_contacts)} not known to the warehouse)\n` +
      `over the cap (more than ${report.caps.per_7_days} in 7 days or ${report.caps.per_30_days} in 30): ${count(report.over_cap)}\n` +
      `colliding with another department within ${report.caps.collision_hours} h: ${count(report.collisions)}\n` +
      `without a valid consent for the purpose: ${count(report.lacking_consent)}\n\n`,
  );
  out.write(
    table(
      report.issues.map((issue) => ({
        line: issue.line,
        contact_id: issue.contact_id,
        person_id: issue.person_id ?? "(unknown)",
        purpose: issue.purpose,
        in_7_days: issue.messages_7_days,
        in_30_days: issue.messages_30_days,
        over_cap: issue.over_cap ? "yes" : "",
        collides_with: issue.collides_with.join("; "),
        no_consent: issue.lacks_consent ? "yes" : "",
      })),
    ),
  );
}

export function registerOutreach(program: Command): void {
  const outreach = program
    .command("outreach")
    .description("contact pressure and consent: check a planned mailing before it is sent");
  outreach
    .command("check")
    .description(
      "check a planned mailing (CSV: ContactId, Department, PlannedAt, optional Campaign, Purpose) against the caps, the collision window and consents; lists only contact ids and pseudonymous person ids",
    )
    .argument("<planned-mailing.csv>", "the planned send, one row per recipient")
    .option("--json", "print the result as JSON")
    .option(
      "--fail-on-issues",
      "exit with code 3 when any recipient is over the cap, collides or lacks consent",
    )
    .action(async (file: string, options: { json?: boolean; failOnIssues?: boolean }, command: Command) => {
      const report = await outreachCheck(configFor(command.optsWithGlobals<GlobalOptions>()), file);
      if (options.json) printJson(report);
      else printCheck(report);
      if (options.failOnIssues && report.issues.length > 0) process.exitCode = 3;
    });
}
