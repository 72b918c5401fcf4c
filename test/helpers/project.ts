import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SLM_BIN = join(REPO_ROOT, "cli", "bin", "slm.js");
export const FIXTURES = join(REPO_ROOT, "test", "fixtures");
/**
 * The public datasets (UCI, OULAD, DUO: CC BY / CC0, 12 MB, not vendored) sit beside the repository in the
 * workplace (../shared/datasets), or wherever SLM_DATASETS points. A clone elsewhere has none: the tests that
 * read them are skipped there, and say so; CI, which has them, runs them.
 */
export const DATASETS = process.env.SLM_DATASETS ?? join(REPO_ROOT, "..", "shared", "datasets");
export const HAS_DATASETS = existsSync(join(DATASETS, "SHA256SUMS"));
if (!HAS_DATASETS) {
  process.stderr.write(`note: no real datasets at ${DATASETS} (set SLM_DATASETS): their tests are skipped\n`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `slm` as a user would, in its own process, from the given working directory. */
export function slm(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  // site builds queue behind each other (one at a time per machine), so a command may wait minutes under load
  timeout = 300_000,
): CliResult {
  const result = spawnSync(process.execPath, [SLM_BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function slmAsync(cwd: string, args: string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, [SLM_BIN, ...args], { cwd, ...options });
}

/** A fresh, empty project folder; remove() deletes it. */
export function tempProject(prefix = "slm-test-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One row of crmCsv: an inquiry by A B (a@b.se, SE) on 6 February 2026, at a fair unless another channel is given. */
export function crmFormRow(submission = "S1", contact = "C1", channel = "fair"): string[] {
  return [
    submission,
    contact,
    "inquiry",
    "2026-02-06 10:00:00",
    channel,
    "",
    "",
    "A",
    "B",
    "a@b.se",
    "",
    "SE",
    "",
  ];
}

/** CRLF lines with a UTF-8 BOM, as the demo CRM exports them. */
export function crmCsv(rows: string[][]): string {
  const header =
    "SubmissionId,ContactId,FormType,SubmittedAt,Channel,Campaign,ProgrammeCode,FirstName,LastName,Email,Phone,Country,SchoolCode";
  return `\uFEFF${[header, ...rows.map((row) => row.join(","))].join("\r\n")}\r\n`;
}
