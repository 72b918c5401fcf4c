import type { Command } from "commander";
import { z } from "zod";
import { init } from "../../app/init.ts";
import { parseOptions } from "../options.ts";
import { printJson, progress } from "../output.ts";

const initOptions = z.object({ ifMissing: z.boolean().optional(), json: z.boolean().optional() });

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write slm.config.json with defaults and create the pseudonymisation key (never overwrites)")
    .option("--if-missing", "create only what is missing instead of refusing when something exists")
    .option("--json", "print the result as JSON")
    .action((raw: unknown) => {
      const options = parseOptions(initOptions, raw);
      const result = init(process.cwd(), { ifMissing: options.ifMissing ?? false });
      if (options.json) return printJson(result);
      for (const [what, entry] of Object.entries(result)) {
        progress(`${entry.created ? "created" : "kept"} ${what}: ${entry.path}`);
      }
    });
}
