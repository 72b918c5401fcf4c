import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../warehouse/connection.ts";
import type { LoadOutcome } from "./load-scan.ts";
import { findHeader, type Profile } from "./profile.ts";

interface ReasonCount {
  reason: string;
  column_name: string | null;
  rows: number;
}

/** How many of the commonest reasons the failure names. */
const TOP = 3;

/** Quarantine reasons of records that hold no data to lose. */
const NO_DATA = ["blank_line", "totals_row", "repeated_header", "erased_person"];

/** The contract field a quarantined column feeds: by the profile's mapping, else an unpivoted column. */
function fieldOf(profile: Profile, header: string): string | undefined {
  const mapped = Object.entries(profile.columns).find(([name]) => findHeader([header], name) === 0);
  if (mapped) return mapped[1];
  if (profile.unpivot && new RegExp(profile.unpivot.columns).test(header)) return profile.unpivot.valueField;
  return undefined;
}

/** The profile key that decides whether a value passes the check behind `reason`, and a hint. */
export function profileAdvice(
  reason: string,
  header: string | null,
  profile: Profile,
): { key: string; hint?: string } | null {
  const field = header === null ? undefined : fieldOf(profile, header);
  if (reason === "bad_date" || reason === "bad_timestamp") {
    return field ? { key: `formats.${field}`, hint: "the column's date format" } : { key: "formats" };
  }
  if (reason === "bad_decimal") return { key: "csv.decimalComma" };
  if (reason === "bad_boolean") {
    return field
      ? { key: `booleans.${field}`, hint: "the file's spellings of true and false" }
      : { key: "booleans" };
  }
  if (reason === "not_accepted") {
    return field ? { key: `values.${field}`, hint: "the file's values for it" } : { key: "values" };
  }
  if (reason === "missing_required" || reason === "bad_integer" || reason.startsWith("invalid_national_id")) {
    const key = header === null ? "columns" : `columns."${header}"`;
    return field ? { key, hint: `is it the export column for ${field}?` } : { key };
  }
  if (reason.startsWith("malformed_line")) return { key: "csv.delimiter and csv.quote" };
  return null; // nul_byte: the file itself, not the profile
}

/**
 * Why a file whose every row was quarantined failed (without the file's name), or null when a row loaded
 * (or there was none). Nothing loaded almost always means the profile reads the file wrongly (a date
 * format, a column mapping, the delimiter), so the message names the commonest reasons and the profile key
 * behind each. Lines that are no data (blank, a totals row, the header again) and rows of erased persons
 * are quarantined by design: a file with nothing else has no data rows, which is no reason to fail.
 */
export async function allQuarantinedReasons(
  warehouse: Warehouse,
  outcome: LoadOutcome,
  profile: Profile,
): Promise<string | null> {
  if (outcome.rowsLoaded > 0 || outcome.rowsQuarantined === 0) return null;
  const top = await warehouse.all<ReasonCount>(
    `SELECT reason, column_name, count(*)::INTEGER AS rows
       FROM meta.quarantine
      WHERE file_id = $1 AND NOT list_contains($2, reason)
      GROUP BY ALL ORDER BY rows DESC, reason, column_name LIMIT ${TOP}`,
    [outcome.fileId, listValue(NO_DATA)],
  );
  if (top.length === 0) return null;
  const reasons = top.map(({ reason, column_name, rows }) => {
    const where = column_name === null ? "" : ` in column "${column_name}"`;
    const fix = profileAdvice(reason, column_name, profile);
    const check = fix
      ? `: check ${fix.key} in profile "${profile.name}"${fix.hint ? ` (${fix.hint})` : ""}`
      : "";
    return `${reason}${where} (${rows} row${rows === 1 ? "" : "s"})${check}`;
  });
  return `none of its ${outcome.rowsQuarantined} rows loaded, all were quarantined; top reasons: ${reasons.join("; ")}`;
}

/**
 * The failure of a loaded file whose every row was quarantined, naming it and how to load it again once
 * the profile is fixed (the same content is otherwise skipped as already loaded); null when it is none.
 */
export async function allQuarantinedFailure(
  warehouse: Warehouse,
  outcome: LoadOutcome,
  file: { name: string; path: string },
  profile: Profile,
): Promise<string | null> {
  const reasons = await allQuarantinedReasons(warehouse, outcome, profile);
  if (reasons === null) return null;
  return `${file.name}: ${reasons}; after fixing the profile, load it again with: ${reloadCommand(file.path)}`;
}

/** The command that loads a file again in place of its loaded version, its path quoted for a shell. */
export function reloadCommand(path: string): string {
  const quoted = /^[\w./@+:-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
  return `slm ingest --replace ${quoted}`;
}
