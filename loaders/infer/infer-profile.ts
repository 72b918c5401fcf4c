import { basename, extname } from "node:path";
import type { Warehouse } from "../../warehouse/connection.ts";
import {
  type Contract,
  type ContractColumn,
  contractColumns,
  contractKey,
  rawTableName,
} from "../contract.ts";
import { CONTRACTS, getContract } from "../contracts.ts";
import { Params } from "../params.ts";
import { isSystemKey, PERSON_KEYS } from "../person-keys.ts";
import { ProfileError, parseProfile } from "../profile.ts";
import type { BooleanSpellings } from "../profile-booleans.ts";
import { scratchDiskFailure } from "../scratch.ts";
import { type ColumnRole, columnRole, columnValues, flagSpellings } from "./column-roles.ts";
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
  /** What the column looks like (an id, a flag, a code list), for the user to confirm; null if nothing. */
  role: ColumnRole | null;
  /** A flag's spellings of true and false, as seen. */
  flag: BooleanSpellings | null;
  /** A code list's values with their counts, commonest first. */
  codes: Map<string, number> | null;
}

export interface InferredProfile {
  /** The draft, in the profile file's own shape. */
  profile: Record<string, unknown>;
  columns: InferredColumn[];
  /** What the user must check or finish before the draft loads. */
  notes: string[];
}

interface Observed {
  type: ColumnType;
  flag: BooleanSpellings | null;
  codes: Map<string, number> | null;
}

function fits(column: ContractColumn, { type, flag }: Observed): boolean {
  switch (column.kind) {
    case "text":
      return true;
    case "integer":
      return type.kind === "integer" || type.nonBlank === 0;
    case "decimal":
      return type.kind === "integer" || type.kind === "decimal" || type.nonBlank === 0;
    case "boolean":
      return flag !== null || type.booleanLike || type.nonBlank === 0;
    case "date":
    case "timestamp":
      // A date field reads a timestamp column with its time format (the time dropped), and the reverse.
      return type.kind === "date" || type.kind === "timestamp" || type.nonBlank === 0;
  }
}

/** Greedy one-to-one matching, best pairs first, only between compatible kinds. */
function matchFields(header: string[], observed: Observed[], contract: Contract): InferredColumn[] {
  const fields = contractColumns(contract);
  const pairs = header.flatMap((name, index) =>
    fields
      .filter((column) => name !== "" && fits(column, observed[index]!))
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
  return header.map((name, index) => {
    const { type, flag, codes } = observed[index]!;
    return {
      header: name,
      type,
      field: byIndex.get(index)?.field ?? null,
      score: Number((byIndex.get(index)?.score ?? 0).toFixed(2)),
      role: columnRole(name, type, flag),
      flag,
      codes,
    };
  });
}

/**
 * A person id column the names did not place goes to the contract's own person identifier (the id
 * identity links the source's files by), when that field is still free: exports name it anything
 * ("SökandeId", "hakijanumero", "Person"), and leaving it out loses every link.
 */
function placePersonIds(columns: InferredColumn[], contract: Contract): void {
  const free = (PERSON_KEYS[rawTableName(contract)] ?? [])
    .filter(({ key }) => isSystemKey(key))
    .map(({ column }) => column)
    .filter((field) => !columns.some((column) => column.field === field));
  for (const column of columns) {
    if (column.role !== "person id" || column.field !== null) continue;
    const field = free.shift();
    if (field) column.field = field;
  }
}

function spellings(values: string[]): string {
  return values.map((value) => JSON.stringify(value)).join("/");
}

/** What an unmapped column might be for, from how it looks. */
function unmappedHint(column: InferredColumn): string {
  if (column.role === "person id")
    return " (it looks like a person id: map it to the contract's person identifier)";
  if (column.role === "key") return " (it looks like a row key: unique code-like values)";
  if (column.role === "flag")
    return ` (a flag: ${spellings(column.flag?.true ?? [])} / ${spellings(column.flag?.false ?? [])})`;
  if (column.role === "code list" && column.codes) {
    const [first] = column.codes.keys();
    return ` (a code list of ${column.codes.size} values; to load only some rows: "filter": [{ "column": "${column.header}", "equals": "${first}" }])`;
  }
  return "";
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
    const values = await columnValues(warehouse, source.relation, types, new Params());
    const observed = types.map((type, index) => {
      const codes = values[index] ?? null;
      return { type, codes, flag: flagSpellings(codes, type) };
    });
    const candidates = options.contract ? [getContract(options.contract)] : [...CONTRACTS.values()];
    const ranked = candidates
      .map((contract) => ({ contract, columns: matchFields(header, observed, contract) }))
      .sort((a, b) => totalScore(b.columns) - totalScore(a.columns));
    const { contract, columns } = ranked[0]!;
    placePersonIds(columns, contract);
    const decimalComma = columns.some((column) => column.field && column.type.decimalComma);
    const fieldKinds = new Map(contractColumns(contract).map((column) => [column.name, column]));
    const formats: Record<string, string> = {};
    for (const column of columns) {
      const target = column.field ? fieldKinds.get(column.field) : undefined;
      if (target && column.type.format && column.type.format !== target.format) {
        formats[target.name] = column.type.format;
      }
    }
    const booleans: Record<string, BooleanSpellings> = {};
    const valueMaps: Record<string, Record<string, string>> = {};
    for (const column of columns) {
      const target = column.field ? fieldKinds.get(column.field) : undefined;
      if (target?.kind === "boolean" && column.flag) booleans[target.name] = column.flag;
      // A code list is drafted as a map of each value seen to itself: the user writes what it means.
      if (target?.kind === "text" && column.role === "code list" && column.codes) {
        valueMaps[target.name] = Object.fromEntries([...column.codes.keys()].map((code) => [code, code]));
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
      ...(Object.keys(booleans).length > 0 ? { booleans } : {}),
      ...(Object.keys(valueMaps).length > 0 ? { values: valueMaps } : {}),
    };
    return { profile, columns, notes: notesFor(profile, columns, fieldKinds) };
  } finally {
    source.cleanup();
  }
}

function notesFor(
  profile: Record<string, unknown>,
  columns: InferredColumn[],
  fields: Map<string, ContractColumn>,
): string[] {
  const notes = columns.flatMap((column) => {
    const out: string[] = [];
    const target = column.field ? fields.get(column.field) : undefined;
    if (!column.field && column.header !== "") {
      out.push(`column "${column.header}" is not mapped${unmappedHint(column)}`);
    }
    if (target && column.role === "person id" && column.score < 0.5) {
      out.push(
        `column "${column.header}" looks like a person id (code-like, ${column.type.distinct} distinct values): mapped to ${target.name}, the source's person identifier`,
      );
    }
    if (target?.kind === "boolean" && column.flag) {
      out.push(
        `column "${column.header}" is a flag: booleans.${target.name} reads ${spellings(column.flag.true)} as true and ${spellings(column.flag.false)} as false`,
      );
    }
    if (target && column.type.kind === "timestamp") {
      out.push(
        `column "${column.header}" holds timestamps with a time of day: formats.${target.name} is "${column.type.format}"${target.kind === "date" ? " (the time is dropped: the field is a date)" : ""}`,
      );
    }
    if (target && column.role === "code list" && column.codes) {
      const accepted = target.accepted ? `; ${target.name} accepts ${target.accepted.join(", ")}` : "";
      out.push(
        `column "${column.header}" is a code list of ${column.codes.size} values: values.${target.name} maps each to itself; write what each means${accepted}`,
      );
    }
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
