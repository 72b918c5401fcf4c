import { Warehouse } from "../warehouse/connection.ts";
import { profileAdvice } from "./all-quarantined.ts";
import { type IngestOptions, type IngestResult, ingestFiles } from "./ingest.ts";
import { MASKED_VALUE_SQL } from "./quality.ts";
import { QUARANTINE_WITH_LINES } from "./quarantine-store.ts";

/** Rows quarantined for one reason in one column, with a few of them to look at. */
export interface CheckGroup {
  reason: string;
  column: string | null;
  rows: number;
  /** The first few lines of the file quarantined so, in file order. */
  lines: number[];
  /** Their values' shapes (letters x, digits 9), never the values: as `slm quality` shows them. */
  shapes: (string | null)[];
  /** The profile key that decides this check, and what to look at; null where the file is at fault. */
  fix: string | null;
}

export interface CheckReport {
  file: string;
  profile: string | null;
  contract: string | null;
  /** `ok`: some rows would load; `all_quarantined`: none would; `failed`: the file would not load at all. */
  status: "ok" | "all_quarantined" | "failed";
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  rowsFiltered: number;
  rawRows: number;
  quarantine: CheckGroup[];
  /** Why the file would fail, in one line naming it; null unless it would. */
  error: string | null;
  warnings: string[];
}

export type CheckOptions = Pick<IngestOptions, "profiles" | "profileName" | "interimIssuer"> & {
  examples?: number;
};

/**
 * A dry run of one file through its profile: the same reading, typing, filtering and checks as ingest,
 * into a private in-memory warehouse that is thrown away, so what it reports is what ingest would do,
 * and the warehouse is never opened. (Rows of erased persons are not recognised: the erasure list is
 * the warehouse's.)
 */
export async function checkFile(path: string, options: CheckOptions): Promise<CheckReport> {
  const scratch = await Warehouse.open(":memory:");
  try {
    const [result] = await ingestFiles(scratch, [path], {
      profiles: options.profiles,
      profileName: options.profileName,
      interimIssuer: options.interimIssuer,
    });
    const outcome = result!;
    const quarantine =
      outcome.fileId === null ? [] : await groups(scratch, outcome, options.examples ?? 3, options);
    return {
      file: outcome.file,
      profile: outcome.profile,
      contract: outcome.source === null ? null : `${outcome.source}.${outcome.entity}`,
      status: outcome.status !== "failed" ? "ok" : outcome.fileId === null ? "failed" : "all_quarantined",
      rowsRead: outcome.rowsRead,
      rowsLoaded: outcome.rowsLoaded,
      rowsQuarantined: outcome.rowsQuarantined,
      rowsFiltered: outcome.rowsFiltered,
      rawRows: outcome.rawRows,
      quarantine,
      error: outcome.error,
      warnings: outcome.warnings,
    };
  } finally {
    scratch.close();
  }
}

async function groups(
  scratch: Warehouse,
  outcome: IngestResult,
  examples: number,
  options: CheckOptions,
): Promise<CheckGroup[]> {
  const rows = await scratch.all<{
    reason: string;
    column_name: string | null;
    rows: number;
    examples: string;
  }>(
    // As JSON text: the client hands lists back as wrapper objects, not arrays.
    `SELECT reason, column_name, count(*)::INTEGER AS rows,
            to_json(list({'line': line, 'shape': ${MASKED_VALUE_SQL("value")}} ORDER BY line, entry)[1:${examples}])::VARCHAR AS examples
       FROM ${QUARANTINE_WITH_LINES}
      WHERE file_id = $1
      GROUP BY ALL ORDER BY rows DESC, reason, column_name NULLS FIRST`,
    [outcome.fileId],
  );
  const profile = outcome.profile === null ? undefined : options.profiles.get(outcome.profile);
  return rows.map((row) => {
    const shown = JSON.parse(row.examples) as { line: number | null; shape: string | null }[];
    const advice = profile ? profileAdvice(row.reason, row.column_name, profile) : null;
    return {
      reason: row.reason,
      column: row.column_name,
      rows: row.rows,
      lines: shown.flatMap((example) => (example.line === null ? [] : [example.line])),
      shapes: shown.map((example) => example.shape),
      fix: advice ? `${advice.key}${advice.hint ? ` (${advice.hint})` : ""}` : null,
    };
  });
}
