import type { Command } from "commander";
import { z } from "zod";
import { person } from "../../app/person.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress } from "../output.ts";
import { printPerson } from "../print/person.ts";

const personOptions = z.object({ json: z.boolean().optional() });

export function registerPerson(program: Command): void {
  program
    .command("person")
    .description(
      "local-only, audited view of one person across systems: records, results, applications, events, family, forms, mailings, consents, identity evidence (never published)",
    )
    .argument("<id|email|personnummer>", "a person_id, an e-mail address or a national ID")
    .option("--json", "print the person's view as JSON (one element per person found)")
    .action(async (value: string, raw: unknown, command: Command) => {
      const options = parseOptions(personOptions, raw);
      const views = await person(configFor(command.optsWithGlobals<GlobalOptions>()), value, progress);
      if (options.json) return printJson(views);
      progress("local view for an authorised analyst; this lookup was written to the audit log");
      for (const view of views) printPerson(view);
    });
}
