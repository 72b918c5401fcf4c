import { existsSync, readdirSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { type LoadedConfig, resolvePath } from "../../warehouse/config.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { CliError } from "../errors.ts";
import { count, ProgressBar, printJson, progress, seconds } from "../output.ts";
import { buildSite } from "../site/build.ts";
import { ingestCommand, printIngestSummary } from "./ingest.ts";
import { initProject } from "./init.ts";
import { runCommand } from "./run.ts";

const generateOptions = z.object({
  persons: z.coerce.number().int().positive().max(10_000_000),
  seed: z.coerce.number().int().nonnegative(),
  years: z.coerce.number().int().min(1).max(30),
  dirtRate: z.coerce.number().min(0).max(0.5),
  lastCycle: z.coerce.number().int().min(2012).max(2100),
  country: z.enum(["se", "nl", "both"]),
  out: z.string().min(1).optional(),
  truth: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

function parseOptions(raw: unknown): z.infer<typeof generateOptions> {
  const result = generateOptions.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CliError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  return result.data;
}

async function generate(loaded: LoadedConfig, options: z.infer<typeof generateOptions>) {
  // Loaded on demand: the generator is large and most commands never need it.
  const { generateDemo } = await import("../../demo/generate.ts");
  let bar: ProgressBar | null = null;
  let phase = "";
  const run = generateDemo(
    {
      persons: options.persons,
      seed: options.seed,
      years: options.years,
      dirtRate: options.dirtRate,
      lastCycle: options.lastCycle,
      country: options.country,
      out: options.out ?? resolvePath(loaded, loaded.config.paths.inbox),
      truthOut: options.truth ?? resolvePath(loaded, loaded.config.paths.truth),
    },
    ({ phase: next, done, total }) => {
      if (next !== phase || !bar) {
        bar?.finish();
        phase = next;
        bar = new ProgressBar(`generate ${phase}`.padEnd(24), total);
      }
      bar.update(done);
    },
  );
  // The generator reports impossible option combinations (e.g. cycles before 2010) as RangeError.
  const summary = await run.catch((error: unknown) => {
    throw error instanceof RangeError ? new CliError(error.message) : error;
  });
  (bar as ProgressBar | null)?.finish();
  return summary;
}

function addGenerateOptions(command: Command): Command {
  return command
    .option("--persons <n>", "persons in the population", "20000")
    .option("--seed <n>", "random seed: the same seed gives byte-identical files", "1")
    .option("--years <n>", "admission cycles to simulate", "5")
    .option("--country <code>", "se, nl or both", "se")
    .option(
      "--dirt-rate <share>",
      "share of records with realistic dirt (typos, duplicates, malformed lines)",
      "0.05",
    )
    .option("--last-cycle <year>", "the last admission cycle; extracts are dated 1 October of it", "2026");
}

export function registerDemo(program: Command): void {
  const demo = addGenerateOptions(
    program
      .command("demo")
      .description(
        "run the whole path on the built-in demo institution: generate, ingest, run, build the site",
      ),
  )
    .option("--no-site", "stop after publishing the data, without building the site")
    .enablePositionalOptions()
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(raw);
      const started = performance.now();
      const init = initProject(process.cwd(), true);
      if (init.config.created || init.secret.created)
        progress("initialised slm.config.json and the pseudonymisation key");
      const loaded = configFor(command.optsWithGlobals<GlobalOptions>());
      const inbox = resolvePath(loaded, loaded.config.paths.inbox);
      if (!existsSync(inbox) || readdirSync(inbox).length === 0) {
        const summary = await generate(loaded, options);
        progress(
          `generated ${summary.files.length} files for ${count(summary.persons)} persons in ${seconds(summary.seconds)}`,
        );
      } else {
        progress(`using the extracts already in ${loaded.config.paths.inbox} (empty it to generate anew)`);
      }
      printIngestSummary(await ingestCommand(loaded, [], {}));
      const run = await runCommand(loaded);
      progress(`pipelines: ${run.models.length} models in ${seconds(run.seconds)}`);
      if (raw.site !== false) {
        const site = await buildSite(
          resolvePath(loaded, loaded.config.paths.publish),
          () => undefined,
          resolvePath(loaded, loaded.config.paths.site),
        );
        progress(`site built in ${seconds(site.seconds)}: ${site.dist}`);
      }
      progress(`demo done in ${seconds((performance.now() - started) / 1000)}`);
    });

  addGenerateOptions(
    demo
      .command("generate")
      .description("write the demo institution's extracts (and the planted truth) to files"),
  )
    .option("--out <dir>", "where the extracts go (default: the configured inbox)")
    .option("--truth <dir>", "where the planted truth goes (default: the configured truth folder)")
    .option("--json", "print the summary as JSON")
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(raw);
      const summary = await generate(configFor(command.optsWithGlobals<GlobalOptions>()), options);
      if (options.json) return printJson(summary);
      for (const file of summary.files) progress(`${file.path}: ${count(file.rows)} rows`);
      progress(
        `generated ${summary.files.length} files for ${count(summary.persons)} persons in ${seconds(summary.seconds)}`,
      );
    });
}
