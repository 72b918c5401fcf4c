import type { Command } from "commander";
import { z } from "zod";
import { type AudienceBuildResult, audienceBuild } from "../../app/audience-build.ts";
import { audienceGaps } from "../../app/audience-gaps.ts";
import { audiencePlans } from "../../app/audience-plans.ts";
import { OUTREACH_PURPOSES } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, printJson, progress, table } from "../output.ts";

const buildOptions = z.object({
  out: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  campaign: z.string().trim().min(1).optional(),
  json: z.boolean().optional(),
});
const planOptions = buildOptions.extend({ campaign: z.string().trim().min(1), date: z.string().min(1) });
const gapsOptions = z.object({
  days: z.coerce.number().int().positive().default(30),
  purpose: z.enum(OUTREACH_PURPOSES).default("marketing"),
  json: z.boolean().optional(),
});
const jsonOnly = z.object({ json: z.boolean().optional() });

function printBuild(result: AudienceBuildResult): void {
  const removed = Object.entries(result.removed).map(([reason, n]) => ({ reason, persons: n }));
  process.stdout.write(
    `${result.audience} (${result.department}, purpose ${result.purpose}), send at ${result.planned_at}` +
      `${result.campaign ? `, campaign ${result.campaign}` : ""}\n` +
      `resolved: ${count(result.resolved)}, to mail: ${count(result.exported)}\n\nleft out\n${table(removed)}\n`,
  );
  if (result.out) process.stdout.write(`wrote ${result.out} and ${result.summary}\n`);
  else process.stdout.write("no file written (--out names the CSV for the mailing tool)\n");
  if (result.plan_id)
    process.stdout.write(
      `recorded as planned: ${result.department}, ${result.campaign}, ${result.planned_at}` +
        `${result.replaced_plans > 0 ? ` (replacing the earlier plan of that campaign)` : ""}\n`,
    );
}

export function registerAudience(program: Command): void {
  const audience = program
    .command("audience")
    .description(
      "audiences from audiences/<name>.json: build a mailing list with consent, caps, collisions and erasure applied, record it as planned, find who got too little (local, audited)",
    );
  audience
    .command("build")
    .description(
      "resolve an audience against the warehouse, leave out whom it may not mail (counted by reason), and with --out write the CSV for the mailing tool and <out>.summary.json",
    )
    .argument("<name>", "the audience file audiences/<name>.json")
    .option(
      "--out <file.csv>",
      "the CSV to write (contact id, name, e-mail, language, the audience's columns)",
    )
    .option(
      "--date <day>",
      "when the mail goes out: YYYY-MM-DD (09:00) or 'YYYY-MM-DD HH:MM' (default: the reference date)",
    )
    .option("--campaign <name>", "the campaign: a recorded plan of it is this send, not another")
    .option("--json", "print the counts as JSON")
    .action(async (name: string, raw: unknown, command: Command) => {
      const options = parseOptions(buildOptions, raw);
      const result = await audienceBuild(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        name,
        options,
        progress,
      );
      if (options.json) printJson(result);
      else printBuild(result);
    });
  audience
    .command("plan")
    .description(
      "build an audience and record it as the department's planned send, so later builds and slm outreach check count it against caps and collisions",
    )
    .argument("<name>", "the audience file audiences/<name>.json")
    .requiredOption(
      "--campaign <name>",
      "the campaign the send belongs to (planning it again replaces the plan)",
    )
    .requiredOption("--date <day>", "when the mail goes out: YYYY-MM-DD (09:00) or 'YYYY-MM-DD HH:MM'")
    .option("--out <file.csv>", "the CSV to write for the mailing tool")
    .option("--json", "print the counts as JSON")
    .action(async (name: string, raw: unknown, command: Command) => {
      const options = parseOptions(planOptions, raw);
      const result = await audienceBuild(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        name,
        { ...options, plan: true },
        progress,
      );
      if (options.json) printJson(result);
      else printBuild(result);
    });
  audience
    .command("plans")
    .description("the recorded planned sends, reconciled with the mail the loaded extracts show sent")
    .option("--json", "print the plans as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(jsonOnly, raw);
      const result = await audiencePlans(configFor(command.optsWithGlobals<GlobalOptions>()), progress);
      if (options.json) return printJson(result);
      process.stdout.write(
        table(
          result.plans.map((plan) => ({
            planned_at: plan.planned_at,
            department: plan.department,
            campaign: plan.campaign,
            audience: plan.audience,
            recipients: plan.recipients,
            planned_and_sent: plan.planned_and_sent,
            planned_not_sent: plan.planned_not_sent,
            sent_not_planned: plan.sent_not_planned,
          })),
        ),
      );
    });
  audience
    .command("gaps")
    .description(
      "persons with a valid consent and an open question (inquired, no open-day registration; admitted, no reply) who got nothing in the last N days, per programme and intake",
    )
    .option("--days <n>", "days without any message", "30")
    .option("--purpose <purpose>", "the consent purpose", "marketing")
    .option("--json", "print the rows as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(gapsOptions, raw);
      const result = await audienceGaps(
        configFor(command.optsWithGlobals<GlobalOptions>()),
        { days: options.days, purpose: options.purpose },
        progress,
      );
      if (options.json) return printJson(result);
      process.stdout.write(
        `as of ${result.reference_date}: consent for ${result.purpose}, nothing in ${result.days} days\n${table(result.rows.map((row) => ({ ...row })))}`,
      );
    });
}
