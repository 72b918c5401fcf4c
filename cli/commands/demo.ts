import type { Command } from "commander";
import { z } from "zod";
import { demo } from "../../app/demo.ts";
import { type DemoProgress, demoGenerate } from "../../app/demo-generate.ts";
import { configFor, type GlobalOptions } from "../context.ts";
import { parseOptions } from "../options.ts";
import { count, ProgressBar, printJson, progress, seconds } from "../output.ts";
import { printIngestSummary } from "../print/ingest-summary.ts";

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
const demoOptions = generateOptions.extend({ site: z.boolean() });

/** A progress bar per phase of the generator; `done()` ends the last one before other lines are written. */
function generatorBars() {
  let bar: ProgressBar | null = null;
  let phase = "";
  return {
    onStep: ({ phase: next, done, total }: DemoProgress) => {
      if (next !== phase || !bar) {
        bar?.finish();
        phase = next;
        bar = new ProgressBar(`generate ${phase}`.padEnd(24), total);
      }
      bar.update(done);
    },
    done: () => {
      bar?.finish();
      bar = null;
    },
  };
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
  const demoCommand = addGenerateOptions(
    program
      .command("demo")
      .description(
        "run the whole path on the built-in demo institution: generate, ingest, run, build the site",
      ),
  )
    .option("--no-site", "stop after publishing the data, without building the site")
    .enablePositionalOptions()
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(demoOptions, raw);
      const bars = generatorBars();
      await demo(
        { root: process.cwd(), configFile: command.optsWithGlobals<GlobalOptions>().config },
        { ...options, onStep: bars.onStep, onIngested: printIngestSummary },
        (line) => {
          bars.done();
          progress(line);
        },
      );
    });

  addGenerateOptions(
    demoCommand
      .command("generate")
      .description("write the demo institution's extracts (and the planted truth) to files"),
  )
    .option("--out <dir>", "where the extracts go (default: the configured inbox)")
    .option("--truth <dir>", "where the planted truth goes (default: the configured truth folder)")
    .option("--json", "print the summary as JSON")
    .action(async (raw: unknown, command: Command) => {
      const options = parseOptions(generateOptions, raw);
      const bars = generatorBars();
      const summary = await demoGenerate(configFor(command.optsWithGlobals<GlobalOptions>()), {
        ...options,
        onStep: bars.onStep,
      }).finally(bars.done);
      if (options.json) return printJson(summary);
      for (const file of summary.files) progress(`${file.path}: ${count(file.rows)} rows`);
      progress(
        `generated ${summary.files.length} files for ${count(summary.persons)} persons in ${seconds(summary.seconds)}`,
      );
    });
}
