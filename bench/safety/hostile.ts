/**
 * Figure 1: hostile files. Each case is written alone into the inbox of a fresh copy of a small project
 * (just `slm init`), then `slm ingest` (or `slm ingest <path>`) and `slm quality` run as a user runs
 * them, and the warehouse is opened read-only to check the load manifest against the quarantine.
 */
import { closeSync, cpSync, existsSync, openSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Warehouse } from "../../warehouse/connection.ts";
import { type HostileCase, hostileCases, writeHostileFile } from "../hostile-files.ts";
import { type FigureRow, row } from "./figures.ts";
import { exitLabel, lines, printable, runSlm, type SlmResult, STACK_FRAME } from "./slm.ts";

export interface HostileResult {
  id: string;
  file: string;
  what: string;
  via: "inbox" | "argument";
  exit: string;
  /** One line: the error, or the per-file progress line of a load. */
  outcome: string;
  warnings: number;
  stackTrace: boolean;
  /**
   * The error `slm ingest` ends with runs over more than one line, or stderr holds a line that is neither
   * progress ("[i/n] ..."), a `  warning:` nor the error.
   */
  multiLine: boolean;
  /** Where a secret value, or a data first line, was shown back: "stderr", "quality". */
  echoes: string[];
  /** Control characters (C0 but TAB and line ends, DEL, C1, bidi overrides) on stderr or in `slm quality`. */
  controlEchoed: boolean;
  qualityExit: string;
  invariant: string[];
  /** A failed ingest that still left manifest, quarantine or raw rows behind. */
  leftovers: boolean;
  seconds: number;
  ingest: { stderr: string[] };
  quality: { stderrLines: string[] };
}

export interface HostileSummary {
  results: HostileResult[];
}

/** The forms a personnummer secret may be written in: with and without century and dash. */
function secretForms(secret: string): string[] {
  const m = /^(\d{2})(\d{6})-(\d{4})$/.exec(secret);
  if (!m) return [secret];
  const [, century, ymd, tail] = m;
  return [secret, `${century}${ymd}${tail}`, `${ymd}-${tail}`, `${ymd}${tail}`];
}

/** The file's first line, as a user would see it echoed (BOMs and blanks stripped), or null. */
function firstLineOf(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, n)
      .toString("utf8")
      .replace(/^\uFEFF+/, "");
    const line = text.split(/\r\n|\r|\n/)[0]!.trim();
    return line.length >= 12 ? line.slice(0, 40) : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function outcomeLine(result: SlmResult): { outcome: string; warnings: number; multiLine: boolean } {
  const all = lines(result.stderr);
  const warnings = all.filter((line) => /^\s+warning:/.test(line)).length;
  const main = all.filter((line) => !/^\s+warning:/.test(line));
  const errorAt = main.findIndex((line) => line.startsWith("slm: "));
  // An error split over lines (a file name holding a newline) is shown whole, its breaks marked.
  const error = errorAt >= 0 ? main.slice(errorAt).join(" ⏎ ") : null;
  const chosen = result.timedOut
    ? "(killed by the probe's timeout)"
    : (error ?? main.at(-1) ?? "(no output)");
  // The error itself must be one line: the per-file progress lines before it ("[1/1] failed: ...") are
  // progress, not the error, so they do not count; an error whose text runs over lines does.
  const errorLines = errorAt >= 0 ? main.length - errorAt : 0;
  const stray = main.filter((line, i) => i < errorAt && !/^\[\d+\/\d+\] /.test(line)).length;
  return { outcome: printable(chosen, 200), warnings, multiLine: errorLines > 1 || stray > 0 };
}

/** Load-manifest invariants of a case's warehouse; one text line per break. */
async function checkInvariants(
  warehousePath: string,
  ingestFailed: boolean,
): Promise<{ problems: string[]; leftovers: boolean }> {
  if (!existsSync(warehousePath)) return { problems: [], leftovers: false };
  const problems: string[] = [];
  let leftovers = false;
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(warehousePath, { readOnly: true, migrate: false });
  } catch (error) {
    return { problems: [`cannot open the warehouse read-only: ${printable(String(error), 100)}`], leftovers };
  }
  try {
    if (!(await warehouse.tableExists("meta", "load_manifest"))) return { problems, leftovers };
    const manifest = await warehouse.all<{
      file_id: number;
      file_name: string;
      raw_table: string;
      rows_read: number;
      rows_loaded: number;
      rows_quarantined: number;
    }>(
      "SELECT file_id::BIGINT AS file_id, file_name, raw_table, rows_read::BIGINT AS rows_read, rows_loaded::BIGINT AS rows_loaded, rows_quarantined::BIGINT AS rows_quarantined FROM meta.load_manifest ORDER BY file_id",
    );
    const quarantineCounts = new Map<number, number>();
    for (const r of await warehouse.all<{ file_id: number; n: number }>(
      "SELECT file_id::BIGINT AS file_id, count(*)::BIGINT AS n FROM meta.quarantine GROUP BY file_id",
    ))
      quarantineCounts.set(r.file_id, r.n);
    const linesTable = await warehouse.tableExists("raw", "quarantined_lines");
    const lineCounts = new Map<number, { n: number; orphans: number }>();
    if (linesTable) {
      for (const r of await warehouse.all<{ file_id: number; n: number; orphans: number }>(
        `SELECT l._file_id::BIGINT AS file_id, count(*)::BIGINT AS n,
                count(*) FILTER (WHERE q.entry IS NULL)::BIGINT AS orphans
           FROM raw.quarantined_lines l
           LEFT JOIN meta.quarantine q ON q.file_id = l._file_id AND q.entry = l._entry
          GROUP BY l._file_id`,
      ))
        lineCounts.set(r.file_id, { n: r.n, orphans: r.orphans });
    }
    const unpivoted = new Set<number>();
    if (await warehouse.tableExists("meta", "load_unpivot")) {
      for (const r of await warehouse.all<{ file_id: number }>(
        "SELECT DISTINCT file_id::BIGINT AS file_id FROM meta.load_unpivot",
      ))
        unpivoted.add(r.file_id);
    }
    // A file whose every row was quarantined fails by design after its load committed: its rows stay
    // quarantined and counted (rows read = loaded + quarantined), so a manifest row with nothing loaded is
    // what it should leave.
    const committedFailures = manifest.filter((m) => !(m.rows_loaded === 0 && m.rows_quarantined > 0));
    if (ingestFailed && committedFailures.length > 0) {
      leftovers = true;
      problems.push(`failed ingest left ${committedFailures.length} manifest row(s)`);
    }
    const known = new Set(manifest.map((m) => m.file_id));
    for (const m of manifest) {
      const name = printable(m.file_name, 50);
      if (m.rows_read !== m.rows_loaded + m.rows_quarantined)
        problems.push(
          `${name}: rows_read ${m.rows_read} != loaded ${m.rows_loaded} + quarantined ${m.rows_quarantined}`,
        );
      const q = quarantineCounts.get(m.file_id) ?? 0;
      if (q !== m.rows_quarantined)
        problems.push(`${name}: meta.quarantine has ${q} rows, manifest says ${m.rows_quarantined}`);
      const l = lineCounts.get(m.file_id);
      if (l && l.n > m.rows_quarantined)
        problems.push(
          `${name}: raw.quarantined_lines has ${l.n} rows, manifest quarantined ${m.rows_quarantined}`,
        );
      if (l && l.orphans > 0)
        problems.push(`${name}: ${l.orphans} raw.quarantined_lines rows without a meta.quarantine row`);
      const [schema, table] = m.raw_table.split(".") as [string, string];
      if (!unpivoted.has(m.file_id) && (await warehouse.tableExists(schema, table))) {
        const loaded = Number(
          await warehouse.scalar(`SELECT count(*)::BIGINT FROM "${schema}"."${table}" WHERE _file_id = $1`, [
            m.file_id,
          ]),
        );
        if (loaded !== m.rows_loaded)
          problems.push(`${name}: ${m.raw_table} holds ${loaded} rows, manifest loaded ${m.rows_loaded}`);
      }
    }
    for (const [fileId, n] of quarantineCounts) {
      if (!known.has(fileId)) {
        problems.push(`${n} meta.quarantine rows of file_id ${fileId}, which the manifest does not know`);
        if (ingestFailed) leftovers = true;
      }
    }
    // Raw rows of a file the manifest does not know: written outside the load's transaction.
    const rawTables = await warehouse.all<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'raw' AND column_name = '_file_id'",
    );
    for (const { table_name } of rawTables) {
      const strays = Number(
        await warehouse.scalar(
          `SELECT count(*)::BIGINT FROM raw."${table_name}" WHERE _file_id NOT IN (SELECT file_id FROM meta.load_manifest)`,
        ),
      );
      if (strays > 0) {
        problems.push(`raw.${table_name}: ${strays} rows of no manifest file`);
        if (ingestFailed) leftovers = true;
      }
    }
  } catch (error) {
    problems.push(`check failed: ${printable(String(error), 100)}`);
  } finally {
    warehouse.close();
  }
  return { problems, leftovers };
}

async function probeCase(
  hostile: HostileCase,
  template: string,
  root: string,
  keep: boolean,
  paths: { inbox: string; warehouse: string },
): Promise<HostileResult> {
  const started = performance.now();
  const project = join(root, hostile.id);
  cpSync(template, project, { recursive: true });
  const inbox = join(project, paths.inbox);
  const written = await writeHostileFile(hostile, inbox);
  const firstLine =
    !hostile.firstLineIsHeader && (written.kind === "file" || written.kind === "symlink")
      ? firstLineOf(written.path)
      : null;
  const ingest = await runSlm(
    project,
    hostile.via === "argument" ? ["ingest", written.path] : ["ingest"],
    hostile.timeoutSeconds,
  );
  const quality = await runSlm(project, ["quality"], 120);
  const ingestFailed = ingest.code !== 0;
  const { problems, leftovers } = await checkInvariants(join(project, paths.warehouse), ingestFailed);
  const echoes: string[] = [];
  const needles = [...hostile.secrets.flatMap(secretForms), ...(firstLine ? [firstLine] : [])];
  const shownIn = (text: string) => needles.filter((needle) => text.includes(needle));
  for (const needle of shownIn(ingest.stderr))
    echoes.push(`stderr: ${needle === firstLine ? "first line" : "secret"}`);
  for (const needle of shownIn(quality.stdout + quality.stderr))
    echoes.push(`quality: ${needle === firstLine ? "first line" : "secret"}`);
  const { outcome, warnings, multiLine } = outcomeLine(ingest);
  if (!keep) rmSync(project, { recursive: true, force: true });
  return {
    id: hostile.id,
    file: printable(hostile.name, 60),
    what: hostile.what,
    via: hostile.via,
    exit: written.created ? exitLabel(ingest) : "not made",
    outcome,
    warnings,
    stackTrace: STACK_FRAME.test(ingest.stderr) || STACK_FRAME.test(quality.stderr),
    multiLine,
    echoes: [...new Set(echoes)],
    controlEchoed:
      CONTROL.test(ingest.stderr) || CONTROL.test(quality.stdout) || CONTROL.test(quality.stderr),
    qualityExit: exitLabel(quality),
    invariant: problems,
    leftovers,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    ingest: {
      stderr: lines(ingest.stderr)
        .slice(0, 20)
        .map((line) => printable(line, 300)),
    },
    quality: {
      stderrLines: lines(quality.stderr)
        .slice(0, 10)
        .map((line) => printable(line, 300)),
    },
  };
}

export async function probeHostileFiles(options: {
  template: string;
  root: string;
  keep: boolean;
  paths: { inbox: string; warehouse: string };
  only?: (id: string) => boolean;
  log: (line: string) => void;
}): Promise<{ rows: FigureRow[]; details: HostileSummary }> {
  const cases = hostileCases().filter((c) => options.only?.(c.id) ?? true);
  const results: HostileResult[] = [];
  for (const [i, hostile] of cases.entries()) {
    try {
      const result = await probeCase(hostile, options.template, options.root, options.keep, options.paths);
      results.push(result);
      options.log(`[${i + 1}/${cases.length}] ${hostile.id}: exit ${result.exit}, ${result.outcome}`);
    } catch (error) {
      const message = printable(error instanceof Error ? error.message : String(error));
      options.log(`[${i + 1}/${cases.length}] ${hostile.id}: probe error ${message}`);
      results.push({
        id: hostile.id,
        file: printable(hostile.name, 60),
        what: hostile.what,
        via: hostile.via,
        exit: "probe error",
        outcome: message,
        warnings: 0,
        stackTrace: false,
        multiLine: false,
        echoes: [],
        controlEchoed: false,
        qualityExit: "-",
        invariant: [`probe error: ${message}`],
        leftovers: false,
        seconds: 0,
        ingest: { stderr: [] },
        quality: { stderrLines: [] },
      });
    }
  }
  const count = (test: (r: HostileResult) => boolean) => results.filter(test).length;
  const rows = [
    row("files tried", results.length),
    row(
      "  loaded (exit 0)",
      count((r) => r.exit === "0"),
    ),
    row(
      "  refused (non-zero exit)",
      count((r) => r.exit !== "0" && r.exit !== "timeout"),
    ),
    row(
      "  killed after the probe's timeout",
      count((r) => r.exit === "timeout"),
      "0",
      count((r) => r.exit === "timeout") === 0,
    ),
    row(
      "stack traces on stderr",
      count((r) => r.stackTrace),
      "0",
      count((r) => r.stackTrace) === 0,
    ),
    row(
      "errors over more than one line, or stray stderr lines (progress and warnings not counted)",
      count((r) => r.multiLine),
      "0",
      count((r) => r.multiLine) === 0,
    ),
    row(
      "secret or first line echoed (stderr or slm quality)",
      count((r) => r.echoes.length > 0),
      "0",
      count((r) => r.echoes.length > 0) === 0,
    ),
    row(
      "control characters echoed (ESC, NUL, bidi overrides...)",
      count((r) => r.controlEchoed),
      "0",
      count((r) => r.controlEchoed) === 0,
    ),
    row(
      "manifest / quarantine invariant breaks",
      count((r) => r.invariant.length > 0),
      "0",
      count((r) => r.invariant.length > 0) === 0,
    ),
    row(
      "failed ingests that left rows behind",
      count((r) => r.leftovers),
      "0",
      count((r) => r.leftovers) === 0,
    ),
  ];
  return { rows, details: { results } };
}
