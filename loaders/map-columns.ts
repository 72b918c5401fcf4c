import { type Contract, type ContractColumn, contractColumns } from "./contract.ts";
import { LoadError } from "./errors.ts";
import { findHeader, headerForField, type Profile } from "./profile.ts";
import type { Scan } from "./scan.ts";
import { positionOf } from "./scan.ts";
import type { MappedColumn, SourceColumn } from "./typed-select.ts";
import { type UnpivotPlan, unpivotPlan } from "./unpivot.ts";

export interface ColumnMapping {
  mapped: MappedColumn[];
  /** Every column of the file, in order (mapped or not), for line checks and the raw line. */
  sources: SourceColumn[];
  unpivot: UnpivotPlan | null;
  warnings: string[];
}

/**
 * Ties each contract field to where its value comes from: a file column (by the profile's header
 * name), a constant, the record number, or an unpivoted column. A missing required column fails the
 * whole file here, before anything is written.
 */
/**
 * Every column of a line is checked and kept for its quarantined text, and the cost of that grows faster
 * than the width (1,000 columns: 12 s for a one-line file; 5,000 ran for minutes): a wider file is refused,
 * as no export a profile maps needs so many.
 */
export const MAX_COLUMNS = 1000;

export function mapColumns(
  fileName: string,
  scan: Scan,
  profile: Profile,
  contract: Contract,
): ColumnMapping {
  const { header, headerLine } = scan;
  if (header.length > MAX_COLUMNS) {
    throw new LoadError(
      fileName,
      `${header.length.toLocaleString("en-GB")} columns in the header; slm reads files of at most ${MAX_COLUMNS.toLocaleString("en-GB")} columns: export only the columns the profile maps`,
      headerLine,
    );
  }
  const sources: SourceColumn[] = header.map((name, index) => ({
    position: positionOf(index),
    header: name,
    trimmed: `_trim_${positionOf(index)}`,
  }));
  const byField = new Map<string, SourceColumn>();
  for (const [headerName, fieldName] of Object.entries(profile.columns)) {
    const index = findHeader(header, headerName);
    if (index < 0) continue;
    const duplicate = header.findIndex((name, i) => i !== index && name === header[index]);
    if (duplicate >= 0) {
      // Only a mapped duplicate is ambiguous; an unmapped one is never read. Named as the profile
      // spells it: a message never shows the file's own text.
      throw new LoadError(
        fileName,
        `duplicate header "${headerName}" in columns ${Math.min(index, duplicate) + 1} and ${Math.max(index, duplicate) + 1}`,
        headerLine,
        headerName,
      );
    }
    byField.set(fieldName, sources[index]!);
  }
  const unpivot = profile.unpivot ? unpivotPlan(fileName, scan, profile.unpivot) : null;
  if (unpivot) {
    byField.set(unpivot.nameField, unpivot.nameSource);
    byField.set(unpivot.valueField, unpivot.valueSource);
  }
  const warnings: string[] = [];
  const missing: { header: string; field: string }[] = [];
  const mapped = contractColumns(contract).map((column): MappedColumn => {
    const source = byField.get(column.name);
    if (source) return { column, input: { from: "column", source } };
    const constant = profile.constants[column.name];
    if (constant !== undefined) return { column, input: { from: "constant", value: constant } };
    if (profile.rowNumber === column.name) return { column, input: { from: "rowNumber" } };
    const headerName = headerForField(profile, column.name);
    if (column.required) missing.push({ header: headerName ?? column.name, field: column.name });
    else if (headerName)
      warnings.push(`${fileName}: column "${headerName}" not found; ${column.name} left empty`);
    return { column, input: { from: "none" } };
  });
  if (missing.length > 0) {
    // The message names what the profile expects and what is missing, never the file's header line:
    // the file may be anything (a link to /etc/passwd named on the command line).
    const named = missing.map(({ header, field }) => `"${header}" (required field ${field})`);
    throw new LoadError(
      fileName,
      `missing column${missing.length > 1 ? "s" : ""} ${named.join(", ")}; the profile "${profile.name}" expects the columns ${Object.keys(profile.columns).join(", ")}${delimiterHint(header)}${scan.mismatchHint ? `; ${scan.mismatchHint}` : ""}`,
      headerLine,
      missing[0]!.header,
    );
  }
  return { mapped, sources, unpivot, warnings };
}

/** A one-cell header holding another delimiter is the commonest cause of "missing column". */
function delimiterHint(header: string[]): string {
  if (header.length !== 1) return "";
  const found = [",", ";", "\t", "|"].filter((candidate) => header[0]!.includes(candidate));
  if (found.length === 0) return "";
  const shown = found.map((d) => (d === "\t" ? "TAB" : `"${d}"`)).join(" or ");
  return ` (the header is one column but holds ${shown}: is csv.delimiter in the profile right?)`;
}

/** The contract column each header feeds (null when unmapped), for readers that render typed cells. */
export function fieldsByHeader(
  header: string[],
  profile: Profile,
  contract: Contract,
): (ContractColumn | null)[] {
  const columns = new Map(contractColumns(contract).map((column) => [column.name, column]));
  const targets: (ContractColumn | null)[] = header.map(() => null);
  for (const [headerName, field] of Object.entries(profile.columns)) {
    const index = findHeader(header, headerName);
    if (index >= 0) targets[index] = columns.get(field) ?? null;
  }
  if (profile.unpivot) {
    const pattern = new RegExp(profile.unpivot.columns);
    const value = columns.get(profile.unpivot.valueField) ?? null;
    header.forEach((name, index) => {
      if (pattern.test(name)) targets[index] = value;
    });
  }
  return targets;
}

/** The strptime format a temporal field is read with: the profile's, else the contract's. */
export function fieldFormat(column: ContractColumn, profile: Profile): string {
  const fallback = column.kind === "timestamp" ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d";
  return profile.formats[column.name] ?? column.format ?? fallback;
}
