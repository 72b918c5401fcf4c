import { basename, extname } from "node:path";
import type { Warehouse } from "../../warehouse/connection.ts";
import { type Contract, type ContractColumn, contractColumns, contractKey } from "../contract.ts";
import { CONTRACTS, getContract } from "../contracts.ts";
import { Params } from "../params.ts";
import { ProfileError, parseProfile } from "../profile.ts";
import { scratchDiskFailure } from "../scratch.ts";
import { type ColumnType, inferColumnTypes } from "./column-types.ts";
import { openInferSource } from "./infer-source.ts";
import { nameSimilarity } from "./similarity.ts";

/** Below this a header is left unmapped rather than guessed. */
const MIN_SIMILARITY = 0.5;

export interface InferredColumn {
  header: string;
  type: ColumnType;
  field: string | null;
  score: number;
}

export interface InferredProfile {
  /** The draft, in the profile file's own shape. */
  profile: Record<string, unknown>;
  columns: InferredColumn[];
  /** What the user must check or finish before the draft loads. */
  notes: string[];
}

function fits(column: ContractColumn, type: ColumnType): boolean {
  switch (column.kind) {
    case "text":
      return true;
    case "integer":
      return type.kind === "integer" || type.nonBlank === 0;
    case "decimal":
      return type.kind === "integer" || type.kind === "decimal" || type.nonBlank === 0;
    case "boolean":
      return type.booleanLike || type.nonBlank === 0;
    case "date":
    case "timestamp":
      return type.kind === column.kind || type.nonBlank === 0;
  }
}

/** Greedy one-to-one matching, best pairs first, only between compatible kinds. */
function matchFields(header: string[], types: ColumnType[], contract: Contract): InferredColumn[] {
  const fields = contractColumns(contract);
  const pairs = header.flatMap((name, index) =>
    fields
      .filter((column) => name !== "" && fits(column, types[index]!))
      .map((column) => ({ index, field: column.name, score: nameSimilarity(name, column.name) })),
  );
  pairs.sort((a, b) => b.score - a.score);
  const byIndex = new Map<number, { field: string; score: number }>();
  const taken = new Set<string>();
  for (const pair of pairs) {
    if (pair.score < MIN_SIMILARITY || byIndex.has(pair.index) || taken.has(pair.field)) continue;
    byIndex.set(pair.index, pair);
    taken.add(pair.field);
  }
  return header.map((name, index) => ({
    header: name,
    type: types[index]!,
    field: byIndex.get(index)?.field ?? null,
    score: Number((byIndex.get(index)?.score ?? 0).toFixed(2)),
  }));
}

function totalScore(columns: InferredColumn[]): number {
  return columns.reduce((sum, column) => sum + column.score, 0);
}

/** A profile name and file-name glob from the file name: dates and numbers become `*`. */
function namesFor(fileName: string): { name: string; match: string } {
  const stem = basename(fileName, extname(fileName));
  const name =
    stem
      .replace(/\d+([-_.]\d+)*/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "draft";
  return { name, match: fileName.replace(/\d+([-_.]\d+)*/g, "*") };
}

/**
 * Drafts a profile for a delimited text file (or a workbook's first sheet, or Parquet): encoding,
 * delimiter, header line (metadata lines skipped), column kinds and date formats, and for each header the contract field whose name it
 * resembles most. A draft to check, never loaded as is without reading it.
 */
export async function inferProfile(
  warehouse: Warehouse,
  path: string,
  options: { contract?: string | undefined } = {},
): Promise<InferredProfile> {
  const fileName = basename(path);
  const source = await openInferSource(warehouse, path, fileName).catch((error: unknown) => {
    throw scratchDiskFailure(error, fileName) ?? error;
  });
  try {
    const { header } = source;
    const types = await inferColumnTypes(warehouse, source.relation, header.length, new Params());
    const candidates = options.contract ? [getContract(options.contract)] : [...CONTRACTS.values()];
    const ranked = candidates
      .map((contract) => ({ contract, columns: matchFields(header, types, contract) }))
      .sort((a, b) => totalScore(b.columns) - totalScore(a.columns));
    const { contract, columns } = ranked[0]!;
    const decimalComma = columns.some((column) => column.field && column.type.decimalComma);
    const fieldKinds = new Map(contractColumns(contract).map((column) => [column.name, column]));
    const formats: Record<string, string> = {};
    for (const column of columns) {
      const target = column.field ? fieldKinds.get(column.field) : undefined;
      if (target && column.type.format && column.type.format !== target.format) {
        formats[target.name] = column.type.format;
      }
    }
    const { name, match } = namesFor(fileName);
    const csv = source.csv && { ...source.csv, decimalComma };
    const profile: Record<string, unknown> = {
      name,
      description: `Draft inferred from ${fileName} by slm profile infer: check every mapping before use.`,
      contract: contractKey(contract),
      match,
      ...(csv ? { csv } : {}),
      columns: Object.fromEntries(columns.flatMap((c) => (c.field ? [[c.header, c.field]] : []))),
      ...(Object.keys(formats).length > 0 ? { formats } : {}),
    };
    return { profile, columns, notes: notesFor(profile, columns) };
  } finally {
    source.cleanup();
  }
}

function notesFor(profile: Record<string, unknown>, columns: InferredColumn[]): string[] {
  const notes = columns.flatMap((column) => {
    const out: string[] = [];
    if (!column.field && column.header !== "") out.push(`column "${column.header}" is not mapped`);
    if (column.type.ambiguousDate) {
      out.push(`column "${column.header}": dates read both day-first and month-first; assumed day-first`);
    }
    return out;
  });
  const years = columns.filter((column) => /^\d{4}$/.test(column.header)).map((column) => column.header);
  if (years.length >= 2) {
    notes.push(
      `columns ${years.join(", ")} look like one column per year: consider "unpivot": { "columns": "^\\d{4}$", "nameField": ..., "valueField": ... }`,
    );
  }
  try {
    parseProfile(profile, "draft");
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    notes.push(...error.message.split("\n"));
  }
  return notes;
}
