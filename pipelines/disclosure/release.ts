import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Warehouse } from "../../warehouse/connection.ts";
import { qualified, quoteIdent } from "../../warehouse/sql.ts";
import { meanLeak, rateLeak } from "./audit.ts";
import { controlledRounding } from "./controlled.ts";
import { buildGraph, type CellInput, cellKey, type Graph } from "./graph.ts";
import {
  countThreshold,
  meanStep,
  meanThreshold,
  type Privacy,
  publishedInterval,
  type Rounding,
  rateOfPublished,
  rateThreshold,
  roundToStep,
} from "./rules.ts";
import { type Protection, ProtectionError, protect, type RateLink } from "./secondary.ts";
import {
  type CountMeasure,
  countMeasures,
  type MeanMeasure,
  meanUnitOf,
  type PublishSpec,
  PublishSpecError,
  populationOf,
  statusesOf,
} from "./spec.ts";
import { registeredPrivacy, roundedCountSql } from "./sql.ts";

export const PUBLISH_DIR = new URL("../publish/", import.meta.url);
const ENGINE_DIR = new URL("./", import.meta.url);

/**
 * A hash of the disclosure code itself: a kept publish table must have been protected by the code
 * that runs now, or an upgrade of the rules would leave old decisions in place.
 */
export function disclosureEngineFingerprint(): string {
  const hash = createHash("sha256");
  const dir = fileURLToPath(ENGINE_DIR);
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .sort()) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(dir, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

export interface PublishedTable {
  /** publish.<name>, as the runner names models. */
  model: string;
  rows: number;
  seconds: number;
  /** Suppressed values in the table, by cause (kept out of the table itself: a reason narrows a cell). */
  primary: number;
  secondary: number;
}

export interface ReleaseResult {
  tables: PublishedTable[];
  /** Tables kept as the last release left them (ReleaseOptions.current), with their row counts. */
  kept: { model: string; rows: number }[];
  /** Specs whose source tables do not exist (a partial run): their publish tables were dropped. */
  skipped: string[];
  /** Cells suppressed because the interval audit found a suppressed cell determined. */
  auditAdded: number;
}

export interface ReleaseOptions {
  /** Thresholds; by default those `registerDisclosure` bound to this connection. */
  privacy?: Privacy;
  /** The release; by default every spec in pipelines/publish/*.ts. */
  specs?: PublishSpec[];
  onTable?: (table: PublishedTable, index: number, total: number) => void;
  /**
   * Specs whose table already holds what this release would give them (nothing they are built from
   * changed since). Their group (linkedSpecs) is kept as it is when every table in it is current.
   */
  current?: ReadonlySet<string>;
}

/** Populations a spec's cells belong to: cells of two specs meet only within one. */
function populationsOf(spec: PublishSpec): string[] {
  const measures = [
    ...countMeasures(spec),
    ...spec.measures.filter((m): m is MeanMeasure => m.kind === "mean"),
  ];
  return measures.map((m) => populationOf(spec, m));
}

/**
 * Specs in groups that share no population: suppression in one never looks at another's cells (every
 * line and every rate stays within a population or a table, and the audit works per component of
 * lines), so a group whose inputs are unchanged gets the same decisions it got last time.
 */
export function linkedSpecs(specs: PublishSpec[]): PublishSpec[][] {
  const group = new Map<string, number>();
  const parent = specs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  for (const [i, spec] of specs.entries()) {
    for (const population of populationsOf(spec)) {
      const other = group.get(population);
      if (other === undefined) group.set(population, i);
      else parent[find(i)] = find(other);
    }
  }
  const groups = new Map<number, PublishSpec[]>();
  for (const [i, spec] of specs.entries()) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), spec]);
  }
  return [...groups.values()];
}

const SOURCE_REF = /\b(staging|identity|core|marts)\.([a-z_][a-z0-9_]*)\b/gi;
const cellsTable = (spec: PublishSpec) => `slm_disclosure_cells_${spec.name}`;
const countAlias = (column: string) => `count__${column}`;
const meanAlias = (name: string) => `mean__${name}`;
/** The cell's i-th status (statusesOf(spec)) and, in a margin, how many values of it its cells had. */
const STATUS = (i: number) => `status__value_${i}`;
const STATUS_KINDS = (i: number) => `status__kinds_${i}`;

function sourceSql(spec: PublishSpec): string {
  return /^\s*(select|with|from|values)\b/i.test(spec.source)
    ? spec.source.replace(/;\s*$/, "")
    : `SELECT * FROM ${spec.source
        .split(".")
        .map((part) => quoteIdent(part.trim()))
        .join(".")}`;
}

/** Tables a spec's source reads, found in its text as models.ts finds them in SQL models. */
export function sourceTables(spec: PublishSpec): [string, string][] {
  const text = spec.source.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const refs = new Map<string, [string, string]>();
  for (const match of text.matchAll(SOURCE_REF)) {
    const ref: [string, string] = [match[1]!.toLowerCase(), match[2]!.toLowerCase()];
    refs.set(ref.join("."), ref);
  }
  return [...refs.values()];
}

/** Bits of _grouping: bit (k-1-i) set when dimension i is summed over (DuckDB's GROUPING order). */
function groupingOf(spec: PublishSpec, kept: string[]): number {
  const k = spec.dimensions.length;
  return spec.dimensions.reduce((bits, dim, i) => (kept.includes(dim) ? bits : bits | (1 << (k - 1 - i))), 0);
}

function totalled(spec: PublishSpec, grouping: number, i: number): boolean {
  return ((grouping >> (spec.dimensions.length - 1 - i)) & 1) === 1;
}

/** Step 1 (SQL): every published cell of the table, unrounded, in a TEMP table numbered by _row. */
async function buildCells(warehouse: Warehouse, spec: PublishSpec, roundTo: number): Promise<void> {
  const dims = spec.dimensions.map(quoteIdent);
  const counts = countMeasures(spec);
  const means = spec.measures.filter((m): m is MeanMeasure => m.kind === "mean");
  const k = spec.dimensions.length;
  const order = spec.dimensions
    .map((dim, i) => `(_grouping >> ${k - 1 - i}) & 1, ${quoteIdent(dim)}`)
    .join(", ");
  let cells: string;
  if (spec.totals === "source") {
    const measures = [
      ...counts.map(
        (m) => `coalesce(${quoteIdent(m.column)}, 0)::BIGINT AS ${quoteIdent(countAlias(m.column))}`,
      ),
      ...means.map((m) => `${quoteIdent(m.value)}::DOUBLE AS ${quoteIdent(meanAlias(m.name))}`),
    ];
    for (const [i, status] of statusesOf(spec).entries()) {
      measures.push(`${quoteIdent(status.column)}::VARCHAR AS ${STATUS(i)}`, `1 AS ${STATUS_KINDS(i)}`);
    }
    cells = `SELECT ${[...dims, `${k > 0 ? "_grouping" : "0"}::INTEGER AS _grouping`, ...measures].join(", ")} FROM source`;
  } else {
    const measures = [
      ...counts.map(
        (m) => `coalesce(sum(${quoteIdent(m.column)}), 0)::BIGINT AS ${quoteIdent(countAlias(m.column))}`,
      ),
      ...means.map((m) => {
        // Summed in ascending order (as the models' ordered_sum): sum() of DOUBLEs adds in whatever order the
        // threads hand the rows over, and a published mean changed in its last digits from run to run.
        const weighted = (weight: string) => {
          const product = `${quoteIdent(m.value)} * ${weight}`;
          return `list_sum(list(${product} ORDER BY ${product})) / nullif(sum(${weight}), 0)`;
        };
        const exact = quoteIdent(m.n ?? m.persons);
        // A margin's mean weights its cells by their published (rounded) persons: weighted by the exact
        // ones, the margin's mean beside its cells' means would tell how many persons each cell holds.
        const rounded = roundedCountSql(exact, String(roundTo));
        const finest = k > 0 ? `GROUPING(${dims.join(", ")}) = 0` : "true";
        return `(CASE WHEN ${finest} THEN ${weighted(exact)} ELSE ${weighted(rounded)} END)::DOUBLE AS ${quoteIdent(meanAlias(m.name))}`;
      }),
    ];
    for (const [i, { column }] of statusesOf(spec).entries()) {
      const status = quoteIdent(column);
      measures.push(
        `min(${status})::VARCHAR AS ${STATUS(i)}`,
        `count(DISTINCT ${status}) AS ${STATUS_KINDS(i)}`,
      );
    }
    const sets = [spec.dimensions, ...spec.margins].map((set) => `(${set.map(quoteIdent).join(", ")})`);
    const grouping = k > 0 ? `GROUPING(${dims.join(", ")})::INTEGER AS _grouping` : "0 AS _grouping";
    const groupBy =
      k === 0
        ? ""
        : spec.margins.length > 0
          ? `GROUP BY GROUPING SETS (${sets.join(", ")})`
          : `GROUP BY ${dims.join(", ")}`;
    cells = `SELECT ${[...dims, grouping, ...measures].join(", ")} FROM source ${groupBy}`;
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(cellsTable(spec))} AS
     WITH source AS (${sourceSql(spec)}), cells AS (${cells})
     SELECT (row_number() OVER (ORDER BY ${order ? `${order}` : "_grouping"}))::BIGINT AS _row, * FROM cells`,
  );
  // One query for the checks: a release runs this for every table, in every run.
  const kinds = statusesOf(spec).map((_, i) => `${STATUS_KINDS(i)} > 1`);
  const mixed = kinds.length > 0 ? `count(*) FILTER (WHERE ${kinds.join(" OR ")})` : "0";
  const check = await warehouse.one<{ duplicates: number; groupings: string | null; mixed: number }>(
    `SELECT count(*) FILTER (WHERE n > 1)::INTEGER AS duplicates,
            array_to_string(list_distinct(list(_grouping)), ',') AS groupings,
            coalesce(sum(mixed), 0)::INTEGER AS mixed
       FROM (SELECT _grouping, count(*) AS n, ${mixed} AS mixed
               FROM ${quoteIdent(cellsTable(spec))}
             GROUP BY ${[...dims, "_grouping"].join(", ")}) AS d`,
  );
  if ((check?.mixed ?? 0) > 0) {
    throw new PublishSpecError(
      `publish table ${spec.name}: ${check!.mixed} margins sum cells of more than one ${statusesOf(spec)
        .map((status) => status.column)
        .join(" / ")}`,
    );
  }
  const duplicates = check?.duplicates ?? 0;
  if (duplicates > 0) {
    throw new PublishSpecError(
      `publish table ${spec.name}: the source has ${duplicates} cells on more than one row`,
    );
  }
  const allowed = new Set([0, ...spec.margins.map((m) => groupingOf(spec, m))]);
  const stray = (check?.groupings ? check.groupings.split(",").map(Number) : []).filter(
    (g) => !allowed.has(g),
  );
  if (stray.length > 0) {
    throw new PublishSpecError(
      `publish table ${spec.name}: the source has rows with _grouping ${stray.join(", ")}, which no declared margin matches`,
    );
  }
}

interface CellRow {
  _row: number;
  _grouping: number;
  [column: string]: unknown;
}

interface Ref {
  spec: PublishSpec;
  row: number;
  measure: string;
  cell?: string;
  rate?: number;
  /**
   * A mean: its value, the count cell of its persons, its unit and the least persons it is shown on; the
   * step it is published to follows once suppression has decided whether its persons are published.
   */
  mean?: {
    value: number | null;
    persons: string;
    unit: number;
    round: Rounding;
    shownFrom: number;
    step?: number;
    /** A margin's mean weighted by its cells' published persons: recomputed once they are rounded. */
    margin?: { finest: string; dims: Record<string, string | null> };
  };
}

/** A finest cell's mean and the count cell of its persons, for the margins' weighted means. */
interface FinestMean {
  dims: Record<string, string | null>;
  value: number | null;
  persons: string;
}

/**
 * Step 3 (SQL): the published table from its cells and the decisions: counts rounded here, rates and
 * means as the rules computed them (rules.ts publishedRate, meanStep).
 */
async function writeTable(warehouse: Warehouse, spec: PublishSpec): Promise<void> {
  const params: (string | number)[] = [spec.name];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const flags: string[] = [];
  const pick = (column: string, measure: string, alias: string) =>
    `any_value(${column}) FILTER (WHERE measure = ${measure}) AS ${alias}`;
  const columns: string[] = spec.dimensions.map((dim) => `c.${quoteIdent(dim)}`);
  if (spec.margins.length > 0) {
    const parts = spec.dimensions.map(
      (dim, i) =>
        `CASE WHEN (c._grouping >> ${spec.dimensions.length - 1 - i}) & 1 = 1 THEN ${bind(dim)} END`,
    );
    columns.push(`nullif(concat_ws(',', ${parts.join(", ")}), '') AS total_over`);
  }
  // A figure no source delivers (or not yet observable) is unknown: NULL, and not suppressed (nothing to hide).
  const noDataOf = new Map<string, string>();
  for (const [j, status] of statusesOf(spec).entries())
    for (const name of status.measures) noDataOf.set(name, `coalesce(c.${STATUS(j)}, 'ok') <> 'ok'`);
  for (const [i, m] of spec.measures.entries()) {
    const name = "column" in m ? m.column : m.name;
    const noData = noDataOf.get(name);
    // A value with no decision row stays suppressed: fail closed.
    const s = noData ? `(coalesce(d.s${i}, true) OR ${noData})` : `coalesce(d.s${i}, true)`;
    const flag = noData ? `(coalesce(d.s${i}, true) AND NOT ${noData})` : s;
    const measure = bind(name);
    flags.push(`bool_or(suppressed) FILTER (WHERE measure = ${measure}) AS s${i}`);
    if (m.kind === "rate") {
      flags.push(
        pick("value", measure, `v${i}`),
        pick("low", measure, `l${i}`),
        pick("high", measure, `h${i}`),
      );
      columns.push(`CASE WHEN ${s} THEN NULL ELSE d.v${i} END AS ${quoteIdent(m.name)}`);
      columns.push(`CASE WHEN ${s} THEN NULL ELSE d.l${i} END AS ${quoteIdent(`${m.name}_low`)}`);
      columns.push(`CASE WHEN ${s} THEN NULL ELSE d.h${i} END AS ${quoteIdent(`${m.name}_high`)}`);
      columns.push(`${flag} AS ${quoteIdent(`${m.name}_suppressed`)}`);
    } else if (m.kind === "mean") {
      flags.push(pick("value", measure, `v${i}`));
      columns.push(`CASE WHEN ${s} THEN NULL ELSE d.v${i} END AS ${quoteIdent(m.name)}`);
      columns.push(`${flag} AS ${quoteIdent(`${m.name}_suppressed`)}`);
    } else {
      // Rounded in the release (controlled.ts), so that the published cells add up to their totals.
      flags.push(pick("value", measure, `v${i}`));
      columns.push(`CASE WHEN ${s} THEN NULL ELSE d.v${i}::BIGINT END AS ${quoteIdent(m.column)}`);
      columns.push(`${flag} AS ${quoteIdent(`${m.column}_suppressed`)}`);
    }
  }
  for (const [j, status] of statusesOf(spec).entries())
    columns.push(`c.${STATUS(j)} AS ${quoteIdent(status.column)}`);
  await warehouse.run(
    `CREATE OR REPLACE TABLE ${qualified("publish", spec.name)} AS
     WITH d AS (
       SELECT _row, ${flags.join(", ")} FROM slm_disclosure_decisions WHERE tbl = $1 GROUP BY _row
     )
     SELECT ${columns.join(", ")}
     FROM ${quoteIdent(cellsTable(spec))} AS c LEFT JOIN d USING (_row)
     ORDER BY c._row`,
    params,
  );
}

/**
 * Step 4: the audit of the values written (audit.ts rateLeak, meanLeak), read back from the published
 * table: a rate or a mean that narrows a count beside it is reported, and the release fails.
 */
async function auditWritten(
  warehouse: Warehouse,
  spec: PublishSpec,
  refs: Ref[],
  { graph, rates, roundTo }: { graph: Graph; rates: RateLink[]; roundTo: number },
): Promise<string[]> {
  if (refs.length === 0) return [];
  // A scan keeps the insertion order, the ORDER BY c._row the table was written in; _row counts from 1.
  // (rowid does not: rows written in an open transaction are numbered from 2^62.)
  const written = await warehouse.all<Record<string, number | null>>(
    `SELECT * FROM ${qualified("publish", spec.name)}`,
  );
  const byRow = new Map(written.map((row, i) => [i + 1, row]));
  const leaks: string[] = [];
  for (const ref of refs) {
    const row = byRow.get(ref.row)!;
    const where = `publish.${spec.name} row ${ref.row} ${ref.measure}`;
    const measure = spec.measures.find((m) => !("column" in m) && m.name === ref.measure);
    if (measure?.kind === "rate" && row[measure.name] !== null) {
      const link = rates[ref.rate!]!;
      const leak = rateLeak(
        {
          numerator: Number(row[measure.numerator]),
          denominator: Number(row[measure.denominator]),
          numeratorThreshold: graph.cells[link.numerator]!.threshold,
          denominatorThreshold: graph.cells[link.denominator]!.threshold,
          shownFrom: link.threshold,
          rate: Number(row[measure.name]),
          low: Number(row[`${measure.name}_low`]),
          high: Number(row[`${measure.name}_high`]),
        },
        roundTo,
      );
      if (leak) leaks.push(`${where}: ${leak}`);
    } else if (measure?.kind === "mean" && row[measure.name] !== null && ref.mean) {
      const persons = graph.cells[graph.byKey.get(ref.mean.persons)!]!;
      const shown = row[measure.persons];
      const leak = meanLeak(
        {
          value: Number(row[measure.name]),
          persons: shown === null ? null : Number(shown),
          personsThreshold: persons.threshold,
          shownFrom: ref.mean.shownFrom,
          unit: ref.mean.unit,
          // no step: the value was never rounded, which the check reports
          step: ref.mean.step ?? 0,
        },
        roundTo,
      );
      if (leak) leaks.push(`${where}: ${leak}`);
    }
  }
  return leaks;
}

/**
 * Runs `fn` in a transaction of its own, or inside the caller's when one is open (the runner's): a
 * release is published whole or not at all, since its tables protect each other.
 */
async function atomically<T>(warehouse: Warehouse, fn: () => Promise<T>): Promise<T> {
  // In an open transaction the id stays the same from statement to statement; in autocommit mode
  // every statement gets a new one. (A failed BEGIN would abort the caller's transaction instead.)
  const first = await warehouse.scalar("SELECT txid_current()");
  const second = await warehouse.scalar("SELECT txid_current()");
  if (first === second) return fn();
  return warehouse.transaction(fn);
}

/** The cells of a release, read from every table's cells in SQL, before any of them is rounded or hidden. */
interface Collected {
  inputs: CellInput[];
  refs: Ref[];
  rateRefs: { numerator: string; denominator: string; threshold: number }[];
  finestMeans: Map<string, FinestMean[]>;
  /** Cells (rows) per table. */
  cellCount: Map<string, number>;
  /** Seconds per table of its own work (cells, writing), beside its share of the joint protection. */
  own: Map<string, number>;
}

/** What protection decided: every count rounded together with its totals, and what is suppressed. */
interface Decided {
  graph: Graph;
  rates: RateLink[];
  rounded: number[];
  protection: Protection;
  /** The least count a cell's rounded value allows (a published count is at least its threshold). */
  publishedLow: (id: number) => number;
}

/**
 * Release step 1: each table's cells built in SQL and read as cell inputs: counts (a count is the cell of
 * its own measure and a part of rates and means: its key is made once per row), rates and means.
 */
async function collectCells(
  warehouse: Warehouse,
  specs: PublishSpec[],
  privacy: Privacy,
): Promise<Collected> {
  const inputs: CellInput[] = [];
  const refs: Ref[] = [];
  const rateRefs: Collected["rateRefs"] = [];
  const own = new Map<string, number>();
  const cellCount = new Map<string, number>();
  const finestMeans = new Map<string, FinestMean[]>();
  for (const spec of specs) {
    const t0 = performance.now();
    await buildCells(warehouse, spec, privacy.roundTo);
    const dimText = spec.dimensions.map(
      (dim) => `CAST(${quoteIdent(dim)} AS VARCHAR) AS ${quoteIdent(`dim__${dim}`)}`,
    );
    const rows = await warehouse.all<CellRow>(
      `SELECT * EXCLUDE (${spec.dimensions.length > 0 ? spec.dimensions.map(quoteIdent).join(", ") : "_row, _grouping"}),
              ${[...dimText, ...(spec.dimensions.length > 0 ? [] : ["_row", "_grouping"])].join(", ")}
       FROM ${quoteIdent(cellsTable(spec))} ORDER BY _row`,
    );
    cellCount.set(spec.name, rows.length);
    const counts = new Map(countMeasures(spec).map((m) => [m.column, m]));
    for (const row of rows) {
      const dims: Record<string, string | null> = {};
      for (const [i, dim] of spec.dimensions.entries()) {
        if (!totalled(spec, row._grouping, i)) dims[dim] = (row[`dim__${dim}`] as string | null) ?? null;
      }
      // A count is the cell of its own measure and a part of rates and means: its key is made once per row.
      const made = new Map<string, CellInput & { key: string }>();
      const countCell = (m: CountMeasure) => {
        let input = made.get(m.column);
        if (!input) {
          const population = populationOf(spec, m);
          input = {
            kind: "count",
            population,
            dims,
            value: Number(row[countAlias(m.column)]),
            threshold: countThreshold(privacy, m.kind, spec.schoolOfOrigin),
            key: cellKey("count", population, dims),
          };
          made.set(m.column, input);
        }
        return input;
      };
      for (const m of spec.measures) {
        if (m.kind === "rate") {
          const numerator = countCell(counts.get(m.numerator)!);
          const denominator = countCell(counts.get(m.denominator)!);
          rateRefs.push({
            numerator: numerator.key,
            denominator: denominator.key,
            // Shown when the published denominator says this many or more (secondary.ts).
            threshold: rateThreshold(privacy, spec.schoolOfOrigin),
          });
          refs.push({ spec, row: row._row, measure: m.name, rate: rateRefs.length - 1 });
        } else if (m.kind === "mean") {
          const population = populationOf(spec, m);
          const persons = countCell(counts.get(m.persons)!);
          const key = cellKey("mean", population, dims);
          // Shown when the published persons say this many or more (set below, once they are rounded).
          const shownFrom = meanThreshold(privacy, spec.schoolOfOrigin);
          inputs.push({ kind: "mean", population, dims, value: persons.value, threshold: shownFrom, key });
          const raw = row[meanAlias(m.name)];
          const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
          // Weighted by persons (no `n`) in a table that sums its margins: by the published persons,
          // recomputed below once the counts are rounded (the SQL weighted by the nearest multiples,
          // which beside controlled rounding would tell which cells went the other way).
          const finest = `${spec.name}\u0000${m.name}`;
          const byPublished = spec.totals === "sum" && !m.n && spec.margins.length > 0;
          if (byPublished && row._grouping === 0) {
            const list = finestMeans.get(finest) ?? [];
            list.push({ dims, value, persons: persons.key });
            finestMeans.set(finest, list);
          }
          refs.push({
            spec,
            row: row._row,
            measure: m.name,
            cell: key,
            mean: {
              value,
              persons: persons.key,
              unit: meanUnitOf(spec, m, dims),
              round: m.round,
              shownFrom,
              ...(byPublished && row._grouping !== 0 ? { margin: { finest, dims } } : {}),
            },
          });
        } else {
          const input = countCell(m);
          inputs.push(input);
          refs.push({ spec, row: row._row, measure: m.column, cell: input.key });
        }
      }
    }
    own.set(spec.name, (performance.now() - t0) / 1000);
  }
  return { inputs, refs, rateRefs, finestMeans, cellCount, own };
}

/**
 * Release step 2: every count rounded together with its totals (controlled.ts), then primary and secondary
 * suppression over all tables together (secondary.ts), rounded again knowing what is suppressed and protected
 * again with the final values.
 */
function protectCells({ inputs, rateRefs, refs }: Collected, privacy: Privacy): Decided {
  const graph = buildGraph(inputs);
  const rates: RateLink[] = rateRefs.map((r) => ({
    numerator: graph.byKey.get(r.numerator)!,
    denominator: graph.byKey.get(r.denominator)!,
    threshold: r.threshold,
  }));
  // Every count rounded together with its totals (controlled.ts): what a reader may infer of a cell
  // starts from these values. Rounded, protected, rounded again knowing what is suppressed (a line's
  // suppressed cells are room for its total), and protected again with the final values.
  const orders = rates.map((rate): [number, number] => [rate.numerator, rate.denominator]);
  let { rounded } = controlledRounding(graph, privacy.roundTo, orders);
  // The least count a rounded value allows: at least the threshold when the count is published (a
  // count below it is suppressed), which a primary cell (hidden, 1 .. threshold - 1) is not.
  const publishedLow = (id: number) => {
    const cell = graph.cells[id]!;
    return publishedInterval(rounded[id]!, privacy.roundTo, cell.primary ? 0 : cell.threshold)[0];
  };
  // A mean is shown when its rounded persons say it rests on enough of them (however they were
  // rounded): shown on the true persons, it would tell a published 10 from 6 .. 7.
  const meansShown = () => {
    for (const ref of refs) {
      if (!ref.mean) continue;
      const cell = graph.cells[graph.byKey.get(ref.cell!)!]!;
      cell.primary = cell.value > 0 && publishedLow(graph.byKey.get(ref.mean.persons)!) < ref.mean.shownFrom;
    }
  };
  meansShown();
  const first = protect(graph, { roundTo: privacy.roundTo, rates, published: rounded });
  rounded = controlledRounding(graph, privacy.roundTo, orders, first.suppressed).rounded;
  meansShown();
  const protection = protect(graph, { roundTo: privacy.roundTo, rates, published: rounded });
  return { graph, rates, rounded, protection, publishedLow };
}

/** Release step 3: a margin's mean weighted by its cells' published persons, now that they are rounded. */
function weighMarginMeans({ refs, finestMeans }: Collected, { graph, rounded }: Decided): void {
  // Margins' means weighted by their cells' published persons, summed in ascending order of the
  // products (as the SQL's ordered sums) so that a release is the same from run to run.
  for (const ref of refs) {
    const margin = ref.mean?.margin;
    if (!margin) continue;
    const products: number[] = [];
    let weight = 0;
    for (const cell of finestMeans.get(margin.finest) ?? []) {
      if (!Object.entries(margin.dims).every(([dim, v]) => cell.dims[dim] === v)) continue;
      const w = rounded[graph.byKey.get(cell.persons)!]!;
      weight += w;
      if (cell.value !== null) products.push(cell.value * w);
    }
    products.sort((a, b) => a - b);
    const sum = products.reduce((a, b) => a + b, 0);
    ref.mean!.value = weight > 0 && Number.isFinite(sum / weight) ? sum / weight : null;
  }
}

/**
 * Release step 4: each published figure's decision (suppressed and why, its value and interval) into
 * `slm_disclosure_decisions`, which the tables are written from. Returns the suppressions per table.
 */
async function writeDecisions(
  warehouse: Warehouse,
  specs: PublishSpec[],
  { refs }: Collected,
  { graph, rates, rounded, protection, publishedLow }: Decided,
  privacy: Privacy,
): Promise<Map<string, { primary: number; secondary: number }>> {
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE slm_disclosure_decisions
       (tbl VARCHAR, _row BIGINT, measure VARCHAR, suppressed BOOLEAN, cause VARCHAR,
        value DOUBLE, low DOUBLE, high DOUBLE)`,
  );
  const tally = new Map(specs.map((spec) => [spec.name, { primary: 0, secondary: 0 }]));
  const appender = await warehouse.connection.createAppender("slm_disclosure_decisions", "main", "temp");
  try {
    for (const ref of refs) {
      let suppressed: boolean;
      let cause: string | null = null;
      let values: (number | null)[] = [null, null, null];
      if (ref.rate !== undefined) {
        const rate = rates[ref.rate]!;
        const published = rateOfPublished(rounded[rate.numerator]!, rounded[rate.denominator]!);
        // No rate without a value (a denominator rounded to 0): fail closed.
        suppressed = !protection.ratePublished[ref.rate] || published === null;
        if (published) values = [published.rate, published.low, published.high];
        if (suppressed) {
          const own =
            publishedLow(rate.denominator) < rate.threshold ||
            protection.primary.has(rate.numerator) ||
            protection.primary.has(rate.denominator);
          cause = own ? "primary" : "secondary";
        }
      } else {
        const id = graph.byKey.get(ref.cell!)!;
        const cell = graph.cells[id]!;
        // A mean over nobody has no value to show or protect: flagged, and no partner needed.
        const empty = cell.kind === "mean" && (cell.value === 0 || ref.mean?.value === null);
        suppressed = empty || protection.suppressed.has(id);
        if (ref.mean && ref.mean.value !== null) {
          const persons = graph.byKey.get(ref.mean.persons)!;
          const shown = protection.suppressed.has(persons) ? null : rounded[persons]!;
          const { unit, shownFrom } = ref.mean;
          ref.mean.step = meanStep(unit, shown, privacy.roundTo, graph.cells[persons]!.threshold, shownFrom);
          values = [roundToStep(ref.mean.value, ref.mean.step, ref.mean.round), null, null];
        }
        if (suppressed) cause = empty || protection.primary.has(id) ? "primary" : "secondary";
        if (cell.kind === "count") values = [rounded[id]!, null, null];
      }
      if (cause) tally.get(ref.spec.name)![cause as "primary" | "secondary"]++;
      appender.appendVarchar(ref.spec.name);
      appender.appendBigInt(BigInt(ref.row));
      appender.appendVarchar(ref.measure);
      appender.appendBoolean(suppressed);
      if (cause) appender.appendVarchar(cause);
      else appender.appendNull();
      for (const value of values) {
        if (value === null || suppressed) appender.appendNull();
        else appender.appendDouble(value);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return tally;
}

/**
 * Release step 5: every table written from its cells and the decisions, and audited: a release that would
 * let a reader pin a suppressed count is refused whole (ProtectionError).
 */
async function writeTables(
  warehouse: Warehouse,
  specs: PublishSpec[],
  collected: Collected,
  { graph, rates }: Decided,
  tally: Map<string, { primary: number; secondary: number }>,
  privacy: Privacy,
  releaseStarted: number,
  onTable?: ReleaseOptions["onTable"],
): Promise<PublishedTable[]> {
  const { refs, cellCount, own } = collected;
  // Per table: its own cell building and writing, plus an equal share of the joint protection, so the
  // tables' seconds add up to the release's time rather than each counting the whole of it.
  const timed = async (name: string, work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    own.set(name, (own.get(name) ?? 0) + (performance.now() - t0) / 1000);
  };
  const joint = (performance.now() - releaseStarted) / 1000 - [...own.values()].reduce((a, b) => a + b, 0);
  const tables: PublishedTable[] = [];
  const refsOf = new Map<string, Ref[]>(specs.map((spec) => [spec.name, []]));
  for (const ref of refs) if (ref.rate !== undefined || ref.mean) refsOf.get(ref.spec.name)!.push(ref);
  const leaks: string[] = [];
  for (const [index, spec] of specs.entries()) {
    await timed(spec.name, async () => {
      await writeTable(warehouse, spec);
      const audit = { graph, rates, roundTo: privacy.roundTo };
      leaks.push(...(await auditWritten(warehouse, spec, refsOf.get(spec.name)!, audit)));
    });
    // one row per cell: the decisions are grouped by cell before the join
    const rows = cellCount.get(spec.name)!;
    const table: PublishedTable = {
      model: `publish.${spec.name}`,
      rows,
      seconds: own.get(spec.name)! + joint / specs.length,
      ...tally.get(spec.name)!,
    };
    tables.push(table);
    onTable?.(table, index, specs.length);
  }
  if (leaks.length > 0) {
    const more = leaks.length > 5 ? `\n(and ${leaks.length - 5} more)` : "";
    throw new ProtectionError(
      `the release would give counts away; nothing was published:\n${leaks.slice(0, 5).join("\n")}${more}`,
    );
  }
  return tables;
}

/**
 * Builds every table of a release with disclosure control: cells in SQL, primary and secondary
 * suppression over all tables together in JS (cells shared between tables are one cell), rounding,
 * rates with Wilson intervals and the final tables in SQL.
 */
export async function publishTables(
  warehouse: Warehouse,
  specs: PublishSpec[],
  privacy: Privacy,
  onTable?: ReleaseOptions["onTable"],
): Promise<{ tables: PublishedTable[]; protection: Protection; auditAdded: number }> {
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new PublishSpecError(`publish table ${spec.name} is declared twice`);
    names.add(spec.name);
  }
  return atomically(warehouse, async () => {
    const releaseStarted = performance.now();
    const collected = await collectCells(warehouse, specs, privacy);
    const decided = protectCells(collected, privacy);
    weighMarginMeans(collected, decided);
    const tally = await writeDecisions(warehouse, specs, collected, decided, privacy);
    const tables = await writeTables(
      warehouse,
      specs,
      collected,
      decided,
      tally,
      privacy,
      releaseStarted,
      onTable,
    );
    for (const spec of specs) await warehouse.run(`DROP TABLE IF EXISTS ${quoteIdent(cellsTable(spec))}`);
    return { tables, protection: decided.protection, auditAdded: decided.protection.auditAdded.length };
  });
}

/** Every publish model declared in pipelines/publish/*.ts (default export of definePublishTable), by name. */
export async function discoverPublishSpecs(dir: URL | string = PUBLISH_DIR): Promise<PublishSpec[]> {
  const path = typeof dir === "string" ? dir : fileURLToPath(dir);
  const files = readdirSync(path)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.endsWith(".test.ts"))
    .sort();
  const specs: PublishSpec[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(path, file)).href)) as { default?: PublishSpec };
    const spec = module.default;
    if (!spec || typeof spec !== "object" || !("measures" in spec)) {
      throw new PublishSpecError(`${file}: a publish model exports definePublishTable({...}) as default`);
    }
    if (`${spec.name}.ts` !== file)
      throw new PublishSpecError(`${file}: declares table ${spec.name}; name the file after its table`);
    specs.push(spec);
  }
  return specs;
}

/**
 * The publish step of a run: builds every declared publish table as one release. A spec whose source
 * tables are missing (a partial run on a fresh warehouse) is skipped and its old table dropped, so
 * nothing stale is exported beside the new release.
 */
export async function publishRelease(
  warehouse: Warehouse,
  options: ReleaseOptions = {},
): Promise<ReleaseResult> {
  const privacy = options.privacy ?? (await registeredPrivacy(warehouse));
  const specs = options.specs ?? (await discoverPublishSpecs());
  const ready: PublishSpec[] = [];
  const skipped: string[] = [];
  // One catalogue read for every spec's sources: a lookup per source table cost 4-5 ms each, 0.13 s a run.
  const existing = await warehouse.tableNames();
  for (const spec of specs) {
    const present = sourceTables(spec).every(([schema, table]) => existing.has(`${schema}.${table}`));
    if (present) ready.push(spec);
    else skipped.push(spec.name);
  }
  const current = options.current ?? new Set<string>();
  const keep = linkedSpecs(ready)
    .filter((group) => group.every((spec) => current.has(spec.name)))
    .flat();
  const release = ready.filter((spec) => !keep.includes(spec));
  return atomically(warehouse, async () => {
    for (const name of skipped) await warehouse.run(`DROP TABLE IF EXISTS ${qualified("publish", name)}`);
    const { tables, auditAdded } = await publishTables(warehouse, release, privacy, options.onTable);
    const counts = await warehouse.rowCounts(keep.map((spec) => qualified("publish", spec.name)));
    const kept: ReleaseResult["kept"] = keep.map((spec, i) => ({
      model: `publish.${spec.name}`,
      rows: counts[i]!,
    }));
    return { tables, kept, skipped, auditAdded };
  });
}
