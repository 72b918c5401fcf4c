/**
 * The safety probe: re-measures, as a hostile or unlucky user would, the figures of the [safety] issue.
 *
 *   npx tsx bench/safety-probe.ts [--persons N] [--keep DIR] [--json] [--country se|nl|both] [--only 1,2,...]
 *
 * It builds everything in a fresh temporary project folder (or in DIR with --keep, which is then left in
 * place), calls the `slm` command as child processes (the product as shipped, `node cli/bin/slm.js`), and
 * prints one table of figures (with --json: the whole measurement as JSON on stdout, the table on
 * stderr). A figure that fails is reported, never thrown: the probe always finishes and prints them all.
 *
 *   1. hostile files: ~60 crafted inputs (bench/hostile-files.ts), each alone in a fresh project: exit
 *      code, stack traces, multi-line stderr, secrets or a data first line echoed on stderr or by
 *      `slm quality`, control characters echoed, and rows_read = rows_loaded + rows_quarantined with
 *      matching meta.quarantine / raw.quarantined_lines / raw rows (warehouse opened read-only);
 *   2. personal data in what is published: every national ID (any written form), e-mail, phone number
 *      and two-word full name of the demo's inputs and truth, searched in every file of the publish
 *      folder (every release) and of the built site;
 *   3. published counts of the current release: counts in (0, 5), counts off the rounding base, cells
 *      suppressed;
 *   4. a second writer (`slm ingest`, warehouse.onLocked "fail") while `slm run` holds the warehouse:
 *      exit code 75 and one stderr line;
 *   5. `slm run` with privacy.minCount 0, -1, "x", 1e9 and a rounding base of 0: refused, one line
 *      naming the key;
 *   6. `slm site build --out <a folder holding important.txt>`: the file must survive.
 *
 * The demo is generated with --country both by default, so Dutch BSNs are scanned beside personnummer.
 * A run at --persons 2000 takes about 10 minutes on 2 cores (the hostile files about half of it).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { probeBadPrivacySettings, probeOutputFolder, probeSecondWriter } from "./safety/commands.ts";
import { type Figure, type FigureRow, measureFigure, row, textTable } from "./safety/figures.ts";
import { type HostileSummary, probeHostileFiles } from "./safety/hostile.ts";
import { type PiiDetails, probePublishedPii } from "./safety/pii.ts";
import { type PublishedDetails, probePublishedCounts } from "./safety/published.ts";
import { exitLabel, lines, printable, runSlm, type SlmResult } from "./safety/slm.ts";

const optionsSchema = z.object({
  persons: z.coerce.number().int().positive().max(10_000_000),
  keep: z.string().min(1).optional(),
  json: z.boolean().default(false),
  country: z.enum(["se", "nl", "both"]),
  only: z
    .string()
    .regex(/^[1-6](,[1-6])*$/, "a comma-separated list of figure numbers 1-6")
    .optional(),
  hostile: z.string().optional(),
});
type Options = z.infer<typeof optionsSchema>;

function log(line: string): void {
  process.stderr.write(`probe: ${line}\n`);
}

/** The work folder: DIR of --keep (new or empty), else a fresh temporary folder. */
function workFolder(options: Options): string {
  if (!options.keep) return mkdtempSync(join(tmpdir(), "slm-safety-probe-"));
  const dir = resolve(options.keep);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`--keep ${options.keep}: the folder exists and is not empty; name a new one`);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface Step {
  step: string;
  exit: string;
  seconds: number;
  line: string;
}

function stepOf(name: string, result: SlmResult): Step {
  const stderr = lines(result.stderr);
  return {
    step: name,
    exit: exitLabel(result),
    seconds: Number(result.seconds.toFixed(1)),
    line: printable(stderr.find((l) => l.startsWith("slm: ")) ?? stderr.at(-1) ?? "", 160),
  };
}

interface ProjectPaths {
  inbox: string;
  warehouse: string;
  publish: string;
  truth: string;
  site: string;
}

function pathsOf(project: string): ProjectPaths {
  const config = JSON.parse(readFileSync(join(project, "slm.config.json"), "utf8")) as {
    paths?: Partial<ProjectPaths>;
  };
  const p = config.paths ?? {};
  return {
    inbox: p.inbox ?? "data/inbox",
    warehouse: p.warehouse ?? "data/warehouse.duckdb",
    publish: p.publish ?? "data/publish",
    truth: p.truth ?? "data/truth",
    site: p.site ?? "dist",
  };
}

/** The demo project: init, generate, ingest, run, site build; each step's exit, time and last line. */
async function buildDemo(project: string, options: Options): Promise<Step[]> {
  mkdirSync(project, { recursive: true });
  const steps: Step[] = [];
  const commands: [string, string[], number][] = [
    ["init", ["init"], 120],
    [
      "demo generate",
      ["demo", "generate", "--persons", String(options.persons), "--country", options.country],
      3600,
    ],
    ["ingest", ["ingest"], 3600],
    ["run", ["run"], 7200],
    ["site build", ["site", "build"], 3600],
  ];
  for (const [name, args, timeout] of commands) {
    log(`demo: slm ${args.join(" ")}`);
    const step = stepOf(name, await runSlm(project, args, timeout));
    steps.push(step);
    log(`demo: ${name}: exit ${step.exit} in ${step.seconds}s`);
    if (step.exit !== "0") break;
  }
  return steps;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function notMeasured(id: number, title: string, why: string): Figure<null> {
  return { id, title, rows: [row("measurement", `not measured: ${why}`, "", null)], details: null };
}

function report(figures: Figure<unknown>[], steps: Step[], command: string, seconds: number): string {
  const out: string[] = [];
  out.push(`# Safety probe\n\n\`${command}\`, ${new Date().toISOString()}, ${seconds.toFixed(0)}s\n`);
  if (steps.length > 0) {
    out.push("## Demo project\n");
    out.push(textTable(steps as unknown as Record<string, unknown>[], ["step", "exit", "seconds", "line"]));
  }
  out.push("## Figures\n");
  const rows: Record<string, unknown>[] = [];
  for (const figure of figures) {
    for (const [i, r] of figure.rows.entries()) {
      rows.push({
        figure: i === 0 ? `${figure.id}. ${figure.title}` : "",
        measure: r.measure,
        value: clip(typeof r.value === "string" ? r.value : JSON.stringify(r.value), 120),
        expected: r.expected,
        verdict: r.verdict === "info" ? "" : r.verdict,
      });
    }
  }
  out.push(textTable(rows, ["figure", "measure", "value", "expected", "verdict"]));
  const hostile = figures.find((f) => f.id === 1)?.details as HostileSummary | null | undefined;
  if (hostile) {
    out.push("## 1. Hostile files, per file\n");
    out.push(
      textTable(
        hostile.results.map((r) => ({
          case: r.id,
          file: r.file,
          via: r.via === "argument" ? "arg" : "inbox",
          exit: r.exit,
          trace: r.stackTrace ? "STACK" : "",
          lines: r.multiLine ? "MULTI" : "",
          echo: r.echoes.join("; ") + (r.controlEchoed ? `${r.echoes.length ? "; " : ""}CTRL` : ""),
          invariant: r.invariant.join("; "),
          quality: r.qualityExit,
          outcome:
            r.outcome + (r.warnings > 0 ? ` (+${r.warnings} warning${r.warnings > 1 ? "s" : ""})` : ""),
        })),
        ["case", "file", "via", "exit", "trace", "lines", "echo", "invariant", "quality", "outcome"],
      ),
    );
  }
  const counts = figures.find((f) => f.id === 3)?.details as PublishedDetails | null | undefined;
  if (counts && Object.keys(counts.unflaggedSmall).length > 0) {
    out.push(`## 3. Whole-number columns without a suppression flag, cells in (0, ${counts.minCount})\n`);
    out.push(
      textTable(
        Object.entries(counts.unflaggedSmall).map(([column, cells]) => ({ column, cells })),
        ["column", "cells"],
      ),
    );
  }
  const pii = figures.find((f) => f.id === 2)?.details as PiiDetails | null | undefined;
  if (pii && pii.hits.length > 0) {
    out.push("## 2. Personal data found in published files (first 30)\n");
    out.push(
      textTable(
        pii.hits.slice(0, 30).map((h) => ({ kind: h.kind, value: h.value, file: h.file, offset: h.offset })),
        ["kind", "value", "file", "offset"],
      ),
    );
  }
  return out.join("\n");
}

async function main(): Promise<number> {
  const program = new Command("safety-probe")
    .description("measure what a hostile or unlucky user would check (see the comment at the top)")
    .option("--persons <n>", "persons in the demo population", "20000")
    .option("--keep <dir>", "work in this (new or empty) folder and leave it in place")
    .option("--json", "print the whole measurement as JSON after the table")
    .option("--country <code>", "demo country: se, nl or both (both: BSNs are scanned too)", "both")
    .option("--only <figures>", "measure only these figures, e.g. 1 or 2,3")
    .option("--hostile <ids>", "figure 1: only these case ids (comma-separated)")
    .parse();
  const parsed = optionsSchema.safeParse(program.opts());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    process.stderr.write(`safety-probe: --${String(issue.path[0])}: ${issue.message}\n`);
    return 2;
  }
  const options = parsed.data;
  const wanted = (id: number) => !options.only || options.only.split(",").map(Number).includes(id);
  const started = performance.now();
  const work = workFolder(options);
  log(`working in ${work}${options.keep ? " (kept)" : " (removed at the end)"}`);
  const removeWork = () => {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    removeWork();
    process.exit(130);
  });
  const figures: Figure<unknown>[] = [];
  let steps: Step[] = [];
  try {
    if (wanted(1)) {
      const template = join(work, "template");
      mkdirSync(template);
      const init = await runSlm(template, ["init"], 120);
      figures.push(
        init.code !== 0
          ? notMeasured(1, "Hostile files", `slm init failed: ${printable(init.stderr, 120)}`)
          : await measureFigure(1, "Hostile files", () =>
              probeHostileFiles({
                template,
                root: join(work, "hostile"),
                keep: Boolean(options.keep),
                paths: pathsOf(template),
                ...(options.hostile
                  ? { only: (id: string) => options.hostile!.split(",").includes(id) }
                  : {}),
                log: (line) => log(`1. hostile files ${line}`),
              }),
            ),
      );
    }
    if ([2, 3, 4, 5, 6].some(wanted)) {
      const project = join(work, "demo");
      steps = await buildDemo(project, options);
      const failed = steps.find((s) => s.exit !== "0");
      const paths = existsSync(join(project, "slm.config.json")) ? pathsOf(project) : null;
      const at = (path: string) => resolve(project, path);
      const titles: Record<number, string> = {
        2: "PII in what is published",
        3: "Published counts",
        4: "Second writer",
        5: "Bad privacy settings refused",
        6: "Output folders",
      };
      // Each figure needs the demo to have come this far: 2 the built site, 3, 4 and 6 a run, 5 a load.
      const needs: Record<number, string> = { 2: "site build", 3: "run", 4: "run", 5: "ingest", 6: "run" };
      const blocked = (id: number) =>
        steps.some((s) => s.step === needs[id] && s.exit === "0")
          ? null
          : failed
            ? `demo step "${failed.step}" failed (exit ${failed.exit}: ${failed.line})`
            : `demo step "${needs[id]}" did not run`;
      const measures: Record<number, () => Promise<{ rows: FigureRow[]; details: unknown }>> = {
        2: () =>
          probePublishedPii({
            project,
            inbox: at(paths!.inbox),
            truth: at(paths!.truth),
            publish: at(paths!.publish),
            site: at(paths!.site),
          }),
        3: () => probePublishedCounts(at(paths!.publish)),
        4: () => probeSecondWriter(project),
        5: () => probeBadPrivacySettings(project, (line) => log(`5. ${line}`)),
        6: () => probeOutputFolder(project, work),
      };
      for (const id of [2, 3, 4, 5, 6]) {
        if (!wanted(id)) continue;
        const why = blocked(id);
        log(`figure ${id}: ${titles[id]}${why ? " (not measured)" : ""}`);
        figures.push(
          why ? notMeasured(id, titles[id]!, why) : await measureFigure(id, titles[id]!, measures[id]!),
        );
      }
    }
  } finally {
    removeWork();
  }
  const seconds = (performance.now() - started) / 1000;
  const command = `npx tsx bench/safety-probe.ts ${process.argv.slice(2).join(" ")}`.trim();
  const table = report(figures, steps, command, seconds);
  if (options.json) {
    // stdout stays parseable: the JSON there, the table on stderr.
    process.stderr.write(table);
    process.stdout.write(
      `${JSON.stringify({ command, seconds: Number(seconds.toFixed(1)), options, demo: steps, figures }, null, 2)}\n`,
    );
  } else process.stdout.write(table);
  return 0;
}

process.exitCode = await main();
