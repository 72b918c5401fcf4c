import { Command } from "commander";
import { resumeErasures } from "../app/erasure-finish.ts";
import { setAuditCommand } from "../app/open-warehouse.ts";
import { registerAudience } from "./commands/audience.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerErase } from "./commands/erase.ts";
import { registerEvent } from "./commands/event.ts";
import { registerForecast } from "./commands/forecast.ts";
import { registerIdentity } from "./commands/identity.ts";
import { registerIngest } from "./commands/ingest.ts";
import { registerInit } from "./commands/init.ts";
import { registerOutreach } from "./commands/outreach.ts";
import { registerPerson } from "./commands/person.ts";
import { registerProfile } from "./commands/profile.ts";
import { registerQuality } from "./commands/quality.ts";
import { registerRetention } from "./commands/retention.ts";
import { registerRun } from "./commands/run.ts";
import { registerSite } from "./commands/site.ts";
import { registerStatus } from "./commands/status.ts";
import { configFor, type GlobalOptions } from "./context.ts";
import { progress } from "./output.ts";

export function buildProgram(): Command {
  const program = new Command("slm")
    .description(
      "Student lifecycle warehouse: load extracts, resolve identities, compute metrics, publish a site",
    )
    .version("0.1.0")
    .option("--config <file>", "configuration file (default: ./slm.config.json, else built-in defaults)")
    .option("--debug", "show stack traces of unexpected errors")
    .showSuggestionAfterError()
    // `slm demo --persons` and `slm demo generate --persons` are different commands' options.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`slm: ${text.replace(/^error: /, "")}`) })
    // The audit log names the command path, e.g. "outreach check".
    .hook("preAction", (_program, action) => {
      const names: string[] = [];
      for (let command: Command | null = action; command?.parent; command = command.parent) {
        names.unshift(command.name());
      }
      setAuditCommand(names.join(" "));
    })
    // An erasure a killed `slm erase` left unfinished is finished before any command does its own work.
    .hook("preAction", async (_program, action) => {
      if (action.name() === "init") return;
      let loaded: ReturnType<typeof configFor>;
      try {
        loaded = configFor(action.optsWithGlobals<GlobalOptions>());
      } catch {
        return; // the command reports a configuration it cannot read in its own words
      }
      await resumeErasures(loaded, progress);
    });
  registerInit(program);
  registerDemo(program);
  registerIngest(program);
  registerProfile(program);
  registerQuality(program);
  registerRun(program);
  registerStatus(program);
  registerForecast(program);
  registerIdentity(program);
  registerOutreach(program);
  registerEvent(program);
  registerPerson(program);
  registerAudience(program);
  registerErase(program);
  registerRetention(program);
  registerSite(program);
  // Subcommands inherit the error behaviour so every usage error is one line and a non-zero exit.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError();
    for (const sub of command.commands) sub.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}
