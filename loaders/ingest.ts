import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseConfig } from "../warehouse/config.ts";
import type { Warehouse } from "../warehouse/connection.ts";
import { getContract } from "./contracts.ts";
import { QUOTED_LINE_BREAK_REFUSED } from "./csv/read-csv.ts";
import { LoadError } from "./errors.ts";
import { type LoadOutcome, type LoadRequest, LongLinesRefused, loadScan } from "./load-scan.ts";
import { digestFile, type FileDigest, findLoaded } from "./manifest.ts";
import { DATA_EXTENSIONS, openScan } from "./open-scan.ts";
import { matchProfile, type Profile } from "./profile.ts";
import type { Scan } from "./scan.ts";
import { sweepScratch } from "./scratch.ts";

export interface IngestResult {
  file: string;
  status: "loaded" | "skipped";
  profile: string;
  source: string;
  entity: string;
  fileId: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** Raw rows written: rowsLoaded unless the profile unpivots a wide file. */
  rawRows: number;
  seconds: number;
  note: string | null;
  warnings: string[];
}

export interface IngestOptions {
  profiles: Map<string, Profile>;
  /** Use this profile for every file instead of matching by file name. */
  profileName?: string | undefined;
  onFile?: (result: IngestResult, index: number, total: number) => void;
  /** Issuer of interim (T-)numbers in the files: config institution.interimIssuer (default "DEMO"). */
  interimIssuer?: string | undefined;
  /** Reference date for 10-digit personnummer; default: the day each file is loaded. */
  referenceDate?: string | undefined;
}

/** Expands directories (their data files, sorted) and checks every path exists before anything loads. */
export function expandInputs(paths: string[]): string[] {
  const files: string[] = [];
  for (const input of paths) {
    const path = resolve(input);
    if (!existsSync(path)) throw new LoadError(input, "no such file or directory");
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (DATA_EXTENSIONS.test(name) && statSync(join(path, name)).isFile()) files.push(join(path, name));
      }
    } else files.push(path);
  }
  return files;
}

function chooseProfile(options: IngestOptions, file: string): Profile {
  if (options.profileName) {
    const profile = options.profiles.get(options.profileName);
    if (!profile) {
      throw new LoadError(
        basename(file),
        `unknown profile "${options.profileName}"; known: ${[...options.profiles.keys()].join(", ")}`,
      );
    }
    return profile;
  }
  const profile = matchProfile(options.profiles, file);
  if (!profile) {
    throw new LoadError(
      basename(file),
      "no source profile matches this file name; pass --profile or write one (slm profile list)",
    );
  }
  return profile;
}

/**
 * DuckDB's CSV reader can give up on a damaged file as a whole ("state machine reached an invalid
 * state", or a NUL byte inside a quoted field read as an unterminated quote, which it reports as a
 * "Parameter Not Allowed Error"): that is the file's fault, so it is refused like any unreadable file,
 * naming it (both found by the loader fuzz test; they surfaced as unexpected errors).
 */
const CSV_READER_ERROR = /^(?:Invalid Input|Parameter Not Allowed) Error: (.*CSV.*)$/im;

function asLoadError(error: unknown, fileName: string): unknown {
  if (error instanceof LoadError || !(error instanceof Error)) return error;
  const match = CSV_READER_ERROR.exec(error.message.split("\n")[0]!);
  if (!match) return error;
  const detail = /^(Value with unterminated quote found\.)$/m.exec(error.message)?.[1];
  const reason = detail ? `${match[1]!} ${detail}` : match[1]!;
  return new LoadError(fileName, `the CSV reader cannot read this file: ${reason}`);
}

/**
 * Loads a scan, reading it again where the CSV reader refused it for a reason a second read fixes:
 * a quoted line break (the sequential reader) or a line over the default limit (the long limit).
 * Each switch is made once; a failed load rolled back whole, so it can simply run again.
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
      } else throw error;
    }
  }
}

export async function ingestFiles(
  warehouse: Warehouse,
  files: string[],
  options: IngestOptions,
): Promise<IngestResult[]> {
  // Resolve every profile before loading anything, so a typo in the last file fails fast.
  const plan = files.map((file) => ({ file, profile: chooseProfile(options, file) }));
  sweepScratch();
  const results: IngestResult[] = [];
  const interimIssuer = options.interimIssuer ?? parseConfig({}).institution.interimIssuer;
  // Each file's hash is read while the file before it loads: hashing is JavaScript reading the whole
  // file, and DuckDB's load runs in its own threads meanwhile.
  const hashOf = (index: number) => {
    const hash: Promise<FileDigest> =
      index < plan.length ? digestFile(plan[index]!.file) : Promise.resolve({ sha256: "", hasNul: true });
    hash.catch(() => undefined); // a failed read is reported when that file's turn comes
    return hash;
  };
  let nextHash = hashOf(0);
  for (const [index, { file, profile }] of plan.entries()) {
    const started = performance.now();
    const contract = getContract(profile.contract);
    const { sha256, hasNul } = await nextHash;
    nextHash = hashOf(index + 1);
    const fileName = basename(file);
    const previous = await findLoaded(warehouse, sha256);
    let result: IngestResult;
    if (previous) {
      result = {
        file: fileName,
        status: "skipped",
        profile: profile.name,
        source: contract.source,
        entity: contract.entity,
        fileId: previous.file_id,
        rowsRead: 0,
        rowsLoaded: 0,
        rowsQuarantined: 0,
        rawRows: 0,
        seconds: (performance.now() - started) / 1000,
        note: `already loaded as file ${previous.file_id} (${previous.file_name}) at ${previous.finished_at}`,
        warnings: [],
      };
    } else {
      const scan = await openScan(warehouse, file, fileName, profile, contract);
      let outcome: LoadOutcome;
      const request = {
        path: file,
        fileName,
        sha256,
        hasNul,
        bytes: statSync(file).size,
        profile,
        contract,
        interimIssuer,
        referenceDate: options.referenceDate,
      };
      try {
        outcome = await loadRereading(warehouse, request, scan);
      } catch (error) {
        throw asLoadError(error, fileName);
      } finally {
        scan.cleanup();
      }
      result = {
        file: fileName,
        status: "loaded",
        profile: profile.name,
        source: contract.source,
        entity: contract.entity,
        ...outcome,
        seconds: (performance.now() - started) / 1000,
        note: null,
      };
    }
    results.push(result);
    options.onFile?.(result, index, plan.length);
  }
  return results;
}
