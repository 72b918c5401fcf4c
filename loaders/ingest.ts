import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { currentActor } from "../warehouse/audit.ts";
import { parseConfig } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { allQuarantinedFailure, reloadCommand } from "./all-quarantined.ts";
import { getContract } from "./contracts.ts";
import { INVALID_STATE_REFUSED, QUOTED_LINE_BREAK_REFUSED } from "./csv/read-csv.ts";
import { LoadError } from "./errors.ts";
import { fileFailure } from "./file-failure.ts";
import { type InputFile, refusal } from "./inputs.ts";
import { type LoadOutcome, type LoadRequest, LongLinesRefused, loadScan } from "./load-scan.ts";
import { digestFile, type FileDigest, findLoaded, findReplaced } from "./manifest.ts";
import { openScan } from "./open-scan.ts";
import {
  type BrokenProfile,
  brokenProfileFor,
  brokenProfileMessage,
  matchProfile,
  type Profile,
  ProfileError,
} from "./profile.ts";
import { replacedFile } from "./replace.ts";
import type { Scan } from "./scan.ts";
import { sweepScratch } from "./scratch.ts";

export { expandInputs } from "./inputs.ts";

export interface IngestResult {
  file: string;
  /** `skipped`: the same content was loaded before; `failed`: `error` says why, naming the file. */
  status: "loaded" | "skipped" | "failed";
  /** The profile and contract read with; null when the file failed before one was chosen. */
  profile: string | null;
  source: string | null;
  entity: string | null;
  /** The manifest's file id: null for a file that failed before anything was written. */
  fileId: number | null;
  /** With --replace: the loaded version (its file id) this file took the place of; else null. */
  replacedFileId: number | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** Records the profile's `filter` left out: counted, neither loaded nor quarantined. */
  rowsFiltered: number;
  /** Raw rows written: rowsLoaded unless the profile unpivots a wide file. */
  rawRows: number;
  seconds: number;
  note: string | null;
  /** Why the file failed, in one line that names it; null unless `failed`. */
  error: string | null;
  warnings: string[];
}

export interface IngestOptions {
  /** The usable profiles; `broken` (from loadProfiles) fails the files those were meant for. */
  profiles: ReadonlyMap<string, Profile> & { readonly broken?: readonly BrokenProfile[] };
  /** Use this profile for every file instead of matching by file name. */
  profileName?: string | undefined;
  onFile?: (result: IngestResult, index: number, total: number) => void;
  /** Issuer of interim (T-)numbers in the files: config institution.interimIssuer (default "DEMO"). */
  interimIssuer?: string | undefined;
  /** Reference date for 10-digit personnummer; default: the day each file is loaded. */
  referenceDate?: string | undefined;
  /**
   * Load each file in place of its loaded version (same contract and file name, else same content),
   * even when the content is the same: the profile may have changed (`slm ingest --replace`).
   */
  replace?: boolean | undefined;
  /** Why the files are replaced, kept in meta.file_replacement. */
  replaceReason?: string | undefined;
}

/**
 * The profile named by --profile: a wrong name is the batch's error, before any file is read; a broken
 * profile of that name fails each file, naming the profile file.
 */
function namedProfile(options: IngestOptions, name: string): Profile | ProfileError {
  const profile = options.profiles.get(name);
  if (profile) return profile;
  const broken = (options.profiles.broken ?? []).find(
    (candidate) => candidate.name === name || basename(candidate.file, ".json") === name,
  );
  if (broken) return new ProfileError(brokenProfileMessage(broken));
  throw new ProfileError(`unknown profile "${name}"; known: ${[...options.profiles.keys()].join(", ")}`);
}

/**
 * The profile whose file-name pattern matches; none (or several) is this file's failure alone. So is a
 * broken profile file whose pattern matches: which profile the file needs cannot be known until it is
 * fixed, and loading it by another would load it wrongly.
 */
function matchedProfile(options: IngestOptions, file: string): Profile {
  const broken = options.profiles.broken ?? [];
  const meant = brokenProfileFor(broken, file);
  if (meant) throw new LoadError(basename(file), brokenProfileMessage(meant));
  const profile = matchProfile(options.profiles, file);
  if (!profile) {
    // A broken profile whose pattern could not be read may be the one meant for this file.
    const unread = broken.filter((candidate) => candidate.match === null);
    const hint =
      unread.length > 0
        ? `; or fix the broken profile file${unread.length > 1 ? "s" : ""} ${unread.map((b) => b.file).join(", ")}, which may be meant for it`
        : "";
    throw new LoadError(
      basename(file),
      `no source profile matches this file name; pass --profile or write one (slm profile list)${hint}`,
    );
  }
  return profile;
}

/**
 * Loads a scan, reading it again where the CSV reader refused it for a reason a second read fixes:
 * a quoted line break (the sequential reader), a line over the default limit (the long limit) or
 * lines that end in more than one way (a copy with LF line endings). Each switch is made once; a
 * failed load rolled back whole, so it can simply run again.
 */
async function loadRereading(warehouse: Warehouse, request: LoadRequest, scan: Scan): Promise<LoadOutcome> {
  for (;;) {
    try {
      return await loadScan(warehouse, request, scan);
    } catch (error) {
      if (error instanceof LongLinesRefused && scan.readLongLines) {
        scan.readLongLines();
        scan.readLongLines = undefined;
      } else if (scan.readSequentially && QUOTED_LINE_BREAK_REFUSED.test(String(error))) {
        scan.readSequentially();
        scan.readSequentially = undefined;
      } else if (scan.readLfLineEndings && INVALID_STATE_REFUSED.test(String(error))) {
        const reread = scan.readLfLineEndings;
        scan.readLfLineEndings = undefined;
        if (!(await reread())) throw error;
      } else throw error;
    }
  }
}

interface Planned {
  input: InputFile;
  fileName: string;
  /** The file's profile, or why none could be chosen. */
  profile: Profile | Error;
}

/**
 * Whether a file is opened ahead, while the batch's other files load, and loaded after them. A workbook
 * is converted to CSV by JavaScript on this thread (xlsx/xlsx-scan.ts), with DuckDB's threads idle unless
 * another file loads meanwhile (1M persons: 3.7 s of the workbook's 4.1 s; the whole ingest took 0.96 of
 * its time in order, 3 alternated runs). Versions of one table are ordered by the order they were loaded in
 * (their file ids), so a file keeps its place when another file of the batch goes to the same table.
 * (A refused file is never opened: its hash fails first, in scansAhead.)
 */
function opensAhead(plan: Planned[], planned: Planned): planned is Planned & { profile: Profile } {
  const { input, profile } = planned;
  if (profile instanceof Error || extname(input.path).toLowerCase() !== ".xlsx") return false;
  return plan.every(
    (other) =>
      other === planned || other.profile instanceof Error || other.profile.contract !== profile.contract,
  );
}

/**
 * Loads each file in its own transaction, in order (a workbook whose table no other file of the batch
 * goes to last: opensAhead), and gives each its outcome, in the order given: loaded, skipped (the same
 * content was loaded before) or failed with its reason. A file's own fault (unreadable, not text, no
 * matching profile...) fails that file and the batch goes on; any other error stops it.
 */
export async function ingestFiles(
  warehouse: Warehouse,
  files: (string | InputFile)[],
  options: IngestOptions,
): Promise<IngestResult[]> {
  const forced = options.profileName ? namedProfile(options, options.profileName) : null;
  const plan = files.map((file): Planned => {
    // A bare path is one the caller named, as on the command line.
    const input = typeof file === "string" ? { path: file, listed: false } : file;
    const fileName = basename(input.path);
    try {
      return { input, fileName, profile: forced ?? matchedProfile(options, input.path) };
    } catch (error) {
      return { input, fileName, profile: error as Error };
    }
  });
  sweepScratch();
  const interimIssuer = options.interimIssuer ?? parseConfig({}).institution.interimIssuer;
  // Each file's hash is read while the file before it loads: hashing is JavaScript reading the whole
  // file, and DuckDB's load runs in its own threads meanwhile.
  // A refused file (a link in the inbox, a pipe) is never opened, not even to hash it.
  const hashes = new Map<number, Promise<FileDigest>>();
  const hashOf = (index: number | undefined) => {
    const planned = index === undefined ? undefined : plan[index];
    if (index === undefined || !planned) return;
    if (hashes.has(index)) return hashes.get(index)!;
    const hash: Promise<FileDigest> = (async () => {
      const refused = refusal(planned.input);
      if (refused) throw new LoadError(planned.fileName, refused);
      return planned.profile instanceof Error ? { sha256: "", hasNul: true } : digestFile(planned.input.path);
    })();
    hash.catch(() => undefined); // a failed read is reported when that file's turn comes
    hashes.set(index, hash);
    return hash;
  };
  const ahead = await scansAhead(warehouse, plan, hashOf, options);
  const order = [...plan.keys()].filter((index) => !ahead.has(index)).concat([...ahead.keys()]);
  const results: IngestResult[] = new Array(plan.length);
  try {
    hashOf(order[0]);
    for (const [position, index] of order.entries()) {
      const { input, fileName, profile } = plan[index]!;
      const started = performance.now();
      const file = input.path;
      const hash = hashOf(index)!;
      hashOf(order[position + 1]);
      let result: IngestResult;
      try {
        const digest = await hash;
        if (profile instanceof Error) throw profile;
        const scan = ahead.get(index);
        result = await ingestFile(warehouse, {
          file,
          fileName,
          profile,
          digest,
          interimIssuer,
          options,
          scan,
        });
      } catch (error) {
        const reason = fileFailure(error, file, fileName);
        if (reason === null) throw error;
        result = {
          ...outcome(fileName, profile instanceof Error ? null : profile),
          status: "failed",
          error: reason,
        };
      }
      result.seconds = (performance.now() - started) / 1000;
      results[index] = result;
      options.onFile?.(result, position, plan.length);
    }
  } finally {
    // Whether each was loaded, skipped or failed, or the batch stopped, no converted copy stays behind (a
    // loaded scan was cleaned up already: cleaning up twice does nothing).
    for (const scan of ahead.values()) discard(scan);
  }
  return results;
}

/**
 * The files opened ahead (opensAhead), each opening started after the one before it, so one workbook at a
 * time is converted beside the loads. A file whose content is loaded already is not: it is skipped in its place.
 */
async function scansAhead(
  warehouse: Warehouse,
  plan: Planned[],
  hashOf: (index: number) => Promise<FileDigest> | undefined,
  options: IngestOptions,
): Promise<Map<number, Promise<Scan>>> {
  const ahead = new Map<number, Promise<Scan>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const [index, planned] of plan.entries()) {
    if (!opensAhead(plan, planned)) continue;
    const { input, fileName, profile } = planned;
    const digest = await hashOf(index)!.catch(() => null);
    if (digest === null) continue;
    if (
      !options.replace &&
      ((await findLoaded(warehouse, digest.sha256)) || (await findReplaced(warehouse, digest.sha256)))
    )
      continue;
    // A workbook opens without the warehouse (only a Parquet scan reads through it).
    const scan = previous.then(() =>
      openScan(warehouse, input.path, fileName, profile, getContract(profile.contract)),
    );
    scan.catch(() => undefined); // a failed opening is reported when that file's turn comes
    previous = scan.catch(() => undefined);
    ahead.set(index, scan);
  }
  return ahead;
}

/** Removes what a scan opened ahead and not loaded wrote (its converted copy). */
function discard(scan: Promise<Scan>): void {
  scan.then(
    (opened) => opened.cleanup(),
    () => undefined,
  );
}

/** A result with nothing read yet: the file, and its profile and contract when known. */
function outcome(fileName: string, profile: Profile | null): IngestResult {
  const contract = profile ? getContract(profile.contract) : null;
  return {
    file: fileName,
    status: "loaded",
    profile: profile?.name ?? null,
    source: contract?.source ?? null,
    entity: contract?.entity ?? null,
    fileId: null,
    replacedFileId: null,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsQuarantined: 0,
    rowsFiltered: 0,
    rawRows: 0,
    seconds: 0,
    note: null,
    error: null,
    warnings: [],
  };
}

interface FileJob {
  file: string;
  fileName: string;
  profile: Profile;
  digest: FileDigest;
  interimIssuer: string;
  options: IngestOptions;
  /** The file's scan, opened ahead (scansAhead): used instead of opening it now. */
  scan?: Promise<Scan> | undefined;
}

/**
 * One file: skipped when its content is already loaded, else read and loaded in one transaction; with
 * `replace`, loaded in place of its loaded version in that same transaction.
 */
async function ingestFile(warehouse: Warehouse, job: FileJob): Promise<IngestResult> {
  const { file, fileName, profile, digest } = job;
  const contract = getContract(profile.contract);
  const replacing = job.options.replace
    ? await replacedFile(warehouse, { fileName, sha256: digest.sha256, contract })
    : null;
  const previous = replacing !== null ? undefined : await findLoaded(warehouse, digest.sha256);
  if (previous) {
    const quarantined =
      previous.rows_loaded === 0 && previous.rows_quarantined > 0
        ? `, every row quarantined (slm quality; after fixing the profile: ${reloadCommand(file)})`
        : "";
    return {
      ...outcome(fileName, profile),
      status: "skipped",
      fileId: previous.file_id,
      note: `already loaded as file ${previous.file_id} (${previous.file_name}) at ${previous.finished_at}${quarantined}`,
    };
  }
  const replaced = replacing !== null ? undefined : await findReplaced(warehouse, digest.sha256);
  if (replaced) {
    return {
      ...outcome(fileName, profile),
      status: "skipped",
      note: `a version replaced by file ${replaced.replaced_by} at ${replaced.replaced_at} (it was file ${replaced.file_id}, ${replaced.file_name}); to make it current again: ${reloadCommand(file)}`,
    };
  }
  const scan = await (job.scan ?? openScan(warehouse, file, fileName, profile, contract));
  const request = {
    path: file,
    fileName,
    sha256: digest.sha256,
    hasNul: digest.hasNul,
    bytes: statSync(file).size,
    profile,
    contract,
    interimIssuer: job.interimIssuer,
    referenceDate: job.options.referenceDate,
    replaces:
      replacing !== null
        ? { fileId: replacing, actor: currentActor(), reason: job.options.replaceReason ?? null }
        : undefined,
  };
  let loaded: LoadOutcome;
  try {
    loaded = await loadRereading(warehouse, request, scan);
  } finally {
    scan.cleanup();
  }
  // Loaded and committed: the quarantined rows are kept and counted, but nothing in raw is a failure.
  const error = await allQuarantinedFailure(warehouse, loaded, { name: fileName, path: file }, profile);
  return {
    ...outcome(fileName, profile),
    ...loaded,
    replacedFileId: replacing,
    ...(error ? { status: "failed", error } : {}),
  };
}
