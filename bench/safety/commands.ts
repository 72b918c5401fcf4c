/**
 * Figures 4-6: what `slm` does when a user gets the order or the settings wrong: a second writer while
 * `slm run` holds the warehouse, privacy settings that would disable disclosure control, and a site
 * build pointed at a folder that holds something else.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FigureRow, row } from "./figures.ts";
import { exitLabel, lines, printable, runSlm, STACK_FRAME, startSlm } from "./slm.ts";

type Json = Record<string, unknown>;

function readConfig(project: string): Json {
  return JSON.parse(readFileSync(join(project, "slm.config.json"), "utf8")) as Json;
}

/** Writes a variant of the project's configuration beside it and returns its file name. */
function writeVariant(project: string, name: string, change: (config: Json) => void): string {
  const config = structuredClone(readConfig(project));
  change(config);
  const file = `slm.${name}.json`;
  writeFileSync(join(project, file), `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------------
// Figure 4

export interface SecondWriterDetails {
  config: string;
  runStillHeldIt: boolean;
  ingestExit: string;
  ingestStderr: string[];
  runExit: string;
  waitedSeconds: number;
}

export async function probeSecondWriter(
  project: string,
): Promise<{ rows: FigureRow[]; details: SecondWriterDetails }> {
  const base = readConfig(project);
  const hasSetting = typeof (base.warehouse as Json | undefined)?.onLocked === "string";
  const configFile = hasSetting
    ? writeVariant(project, "on-locked-fail", (c) => {
        (c.warehouse as Json).onLocked = "fail";
      })
    : "slm.config.json";
  // `--full` rebuilds every model, so the run holds the warehouse long enough to be caught at it.
  const run = startSlm(project, ["run", "--full"], 1800);
  let runDone = false;
  void run.done.then(() => {
    runDone = true;
  });
  const started = performance.now();
  // The run holds the warehouse once it reports its first model.
  while (!runDone && !/^\[\d+\/\d+\]/m.test(run.stderrSoFar()) && performance.now() - started < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const waitedSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const ingest = await runSlm(project, ["--config", configFile, "ingest"], 300);
  const heldIt = !runDone;
  const runResult = await run.done;
  const stderr = lines(ingest.stderr).map((line) => printable(line, 200));
  const details: SecondWriterDetails = {
    config: hasSetting ? `${configFile} (warehouse.onLocked = "fail")` : "slm.config.json (no onLocked key)",
    runStillHeldIt: heldIt,
    ingestExit: exitLabel(ingest),
    ingestStderr: stderr,
    runExit: exitLabel(runResult),
    waitedSeconds,
  };
  const measured = heldIt ? undefined : null;
  const rows = [
    row("config", details.config),
    row("slm run still held the warehouse when ingest ended", heldIt, "true", heldIt),
    row("slm ingest exit code", details.ingestExit, "75", measured ?? ingest.code === 75),
    row("slm ingest stderr", stderr.join(" | ") || "(empty)", "one line", measured ?? stderr.length === 1),
    row("stack trace on stderr", STACK_FRAME.test(ingest.stderr), "false", !STACK_FRAME.test(ingest.stderr)),
    row("slm run exit code (the first writer)", details.runExit, "0", runResult.code === 0),
  ];
  return { rows, details };
}

// ---------------------------------------------------------------------------------------------------
// Figure 5

export interface BadSettingResult {
  key: string;
  value: unknown;
  exit: string;
  stderrLines: string[];
  oneLine: boolean;
  namesKey: boolean;
  pass: boolean;
}

/** The configuration's own names for the minimum count and the rounding base. */
function privacyKeys(config: Json): { minCount: string; roundTo: string } {
  const privacy = (config.privacy ?? {}) as Json;
  const keys = Object.keys(privacy);
  return {
    minCount: keys.find((k) => /^min.*count$/i.test(k)) ?? "minCount",
    roundTo: keys.find((k) => /round/i.test(k)) ?? "roundTo",
  };
}

export async function probeBadPrivacySettings(
  project: string,
  log: (line: string) => void,
): Promise<{ rows: FigureRow[]; details: BadSettingResult[] }> {
  const keys = privacyKeys(readConfig(project));
  const cases: { key: string; value: unknown }[] = [
    { key: keys.minCount, value: 0 },
    { key: keys.minCount, value: -1 },
    { key: keys.minCount, value: "x" },
    { key: keys.minCount, value: 1e9 },
    { key: keys.roundTo, value: 0 },
  ];
  const results: BadSettingResult[] = [];
  for (const [i, c] of cases.entries()) {
    const file = writeVariant(project, `bad-privacy-${i + 1}`, (config) => {
      config.privacy = { ...((config.privacy ?? {}) as Json), [c.key]: c.value };
    });
    const result = await runSlm(project, ["--config", file, "run"], 1800);
    const stderr = lines(result.stderr);
    const key = `privacy.${c.key}`;
    const entry: BadSettingResult = {
      key,
      value: c.value,
      exit: exitLabel(result),
      stderrLines: stderr.slice(0, 5).map((line) => printable(line, 200)),
      oneLine: stderr.length === 1,
      namesKey: result.stderr.includes(key),
      pass: result.code !== 0 && result.code !== null && stderr.length === 1 && result.stderr.includes(key),
    };
    log(`${key} = ${JSON.stringify(c.value)}: exit ${entry.exit}, ${stderr.length} stderr line(s)`);
    results.push(entry);
  }
  const rows = results.map((r) =>
    row(
      `slm run with ${r.key} = ${JSON.stringify(r.value)}`,
      `exit ${r.exit}; ${r.stderrLines.length === 0 ? "no stderr" : r.oneLine ? printable(r.stderrLines[0]!, 110) : `${r.stderrLines.length}+ stderr lines, first: ${printable(r.stderrLines[0]!, 80)}`}`,
      "non-zero, one line naming the key",
      r.pass,
    ),
  );
  return { rows, details: results };
}

// ---------------------------------------------------------------------------------------------------
// Figure 6

export interface OutputFolderDetails {
  out: string;
  exit: string;
  survived: boolean;
  siteWritten: boolean;
  stderrLast: string;
}

export async function probeOutputFolder(
  project: string,
  work: string,
): Promise<{ rows: FigureRow[]; details: OutputFolderDetails }> {
  const out = mkdtempSync(join(work, "site-out-"));
  const important = join(out, "important.txt");
  const content = "an analyst's notes that no build may delete\n";
  writeFileSync(important, content);
  const result = await runSlm(project, ["site", "build", "--out", out], 1800);
  const survived = existsSync(important) && readFileSync(important, "utf8") === content;
  const stderr = lines(result.stderr);
  const details: OutputFolderDetails = {
    out,
    exit: exitLabel(result),
    survived,
    siteWritten: existsSync(join(out, "index.html")),
    stderrLast: printable(stderr.at(-1) ?? "", 200),
  };
  const rows = [
    row("slm site build --out <folder holding important.txt>: exit", details.exit),
    row("important.txt survived", survived, "true", survived),
    row("site written into the folder", details.siteWritten),
    row("last stderr line", details.stderrLast || "(empty)"),
  ];
  return { rows, details };
}
