import type { Command } from "commander";
import { z } from "zod";
import { outreachCheck } from "../../app/outreach-check.ts";
import type { OutreachCheck } from "../../pipelines/outreach/check.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress, table } from "../output.ts";

const checkOptions = z.object({ json: z.boolean().optional(), failOnIssues: z.boolean().optional() });

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
    .action(async (file: string, raw: unknown, command: Command) => {
      const options = parseOptions(checkOptions, raw);
      const report = await outreachCheck(configFor(command.optsWithGlobals<GlobalOptions>()), file, progress);
      if (options.json) printJson(report);
      else printCheck(report);
      if (options.failOnIssues && report.issues.length > 0) process.exitCode = 3;
    });
}
