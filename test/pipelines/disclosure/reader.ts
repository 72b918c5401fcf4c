/**
 * A reader of one release: everything that can be derived about each published count from the published
 * tables alone and the publish declarations (public code), written apart from the engine so the tests can
 * hold the engine to it. The reader knows the rules of DESIGN §7 and tries every way a value may have been
 * computed (exact or from the rounded counts); a way the published values contradict is dropped.
 *
 * For every count cell (a population and its dimension values; a cell in two tables is one cell) it keeps
 * the interval of true values still possible, starting from what the rounding alone allows
 * (publishedInterval), then narrowed by
 * - the rates whose numerator or denominator it is (value and Wilson bounds at their published precision),
 * - the means resting on it (a mean is a sum of values on a lattice of `unit` over n persons),
 * - the lines of the tables it sits in (a margin equals the sum of its cells), to a fixed point.
 */
import { publishedInterval, rateThreshold } from "../../../pipelines/disclosure/index.ts";
import type { Privacy } from "../../../pipelines/disclosure/rules.ts";
import type { PublishSpec } from "../../../pipelines/disclosure/spec.ts";
import { wilson } from "../../../pipelines/metrics/wilson.ts";

export type Row = Record<string, unknown>;
export type Interval = [number, number];
export type Cause = "rate" | "mean" | "line";

export interface ReaderCell {
  key: string;
  /** Where the reader saw it first: table and row index. */
  table: string;
  row: number;
  column: string;
  /** The published value, or null when suppressed. */
  published: number | null;
  threshold: number;
  /** What the rounding alone allows. */
  rounding: Interval;
  /** What everything published allows. */
  derived: Interval;
  /** Which kinds of published value narrowed it. */
  narrowedBy: Set<Cause>;
}

/**
 * How a rate's three published numbers may have been computed from its numerator k and denominator n
 * (and the two published counts beside it).
 */
export type RateRule = (
  k: number,
  n: number,
  roundTo: number,
  published: [number, number],
) => [number, number, number];

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const roundCount = (n: number, roundTo: number) => Math.floor((2 * n + roundTo) / (2 * roundTo)) * roundTo;

const triple = (k: number, n: number): [number, number, number] => {
  const w = wilson(k, n)!;
  return [round4(k / n), round4(w.low), round4(w.high)];
};

export const RATE_RULES: Record<string, RateRule> = {
  /** The exact counts, to four decimals. */
  exact: (k, n) => triple(k, n),
  /** The counts rounded to the nearest multiple. */
  rounded: (k, n, roundTo) => triple(roundCount(k, roundTo), roundCount(n, roundTo)),
  /** The published counts, however they were rounded (DESIGN §7). */
  published: (_k, _n, _roundTo, [pk, pn]) => triple(pk, pn),
};

/**
 * The lattice one person's value lies on, for a mean measure: a number, or per row. A reader who knows the
 * data (7.5-credit courses) uses the coarsest lattice the values really lie on.
 */
export type MeanUnits = Record<string, Record<string, number | ((row: Row) => number | null)>>;

export interface ReaderOptions {
  privacy: Privacy;
  rateRules?: RateRule[];
  /** table -> mean name -> lattice of one person's value; means without one are not read. */
  meanUnits?: MeanUnits;
  /**
   * The step a published mean was rounded to, by the documented rule (null: none); full precision is
   * always tried too.
   */
  meanStep?: (spec: PublishSpec, mean: string, row: Row, persons: ReaderCell) => number | null;
}

interface Line {
  parent: string;
  children: string[];
}

function keptDimensions(spec: PublishSpec, row: Row): string[] {
  const over = typeof row.total_over === "string" ? row.total_over.split(",") : [];
  return spec.dimensions.filter((dim) => !over.includes(dim));
}

function cellKeyOf(population: string, dims: string[], row: Row): string {
  const entries = [...dims].sort().map((dim) => [dim, row[dim] === null ? null : String(row[dim])]);
  return JSON.stringify([population, entries]);
}

function populationOf(spec: PublishSpec, column: string): string {
  const m = spec.measures.find(
    (x) => (x.kind === "count" || x.kind === "school-count") && x.column === column,
  );
  if (!m || m.kind === "rate" || m.kind === "mean") throw new Error(`${spec.name}: no count ${column}`);
  return m.population ?? `${spec.name}.${column}`;
}

/** Every way to write k as a lattice multiple within [lo, hi]: is there one? */
function latticeMeets(lo: number, hi: number, unit: number): boolean {
  const eps = 1e-7 * Math.max(1, Math.abs(hi));
  return Math.floor((hi + eps) / unit) * unit >= lo - eps;
}

export function readRelease(
  specs: PublishSpec[],
  tables: Record<string, Row[]>,
  options: ReaderOptions,
): Map<string, ReaderCell> {
  const { privacy } = options;
  const rateRules = options.rateRules ?? Object.values(RATE_RULES);
  const cells = new Map<string, ReaderCell>();
  const lines: Line[] = [];
  const rates: { spec: PublishSpec; row: Row; k: string; n: string; name: string; threshold: number }[] = [];
  const means: { spec: PublishSpec; row: Row; persons: string; name: string }[] = [];

  for (const spec of specs) {
    const rows = tables[spec.name];
    if (!rows) continue;
    const countThreshold = (kind: string) =>
      kind === "school-count" || spec.schoolOfOrigin
        ? Math.max(privacy.minCount, privacy.minSchoolCell)
        : privacy.minCount;
    const levels = new Map<string, { dims: string[]; rows: Row[] }>();
    for (const [index, row] of rows.entries()) {
      const dims = keptDimensions(spec, row);
      const level = dims.join(",");
      const entry = levels.get(level) ?? { dims, rows: [] };
      entry.rows.push(row);
      levels.set(level, entry);
      for (const m of spec.measures) {
        if (m.kind === "count" || m.kind === "school-count") {
          const key = cellKeyOf(populationOf(spec, m.column), dims, row);
          const published = row[m.column] as number | null;
          const threshold = countThreshold(m.kind);
          const known = cells.get(key);
          if (known) {
            if (known.published !== published)
              throw new Error(`${key}: published as ${known.published} and ${published}`);
            continue;
          }
          const rounding: Interval =
            published === null
              ? [0, Number.POSITIVE_INFINITY]
              : publishedInterval(published, privacy.roundTo, threshold);
          cells.set(key, {
            key,
            table: spec.name,
            row: index,
            column: m.column,
            published,
            threshold,
            rounding,
            derived: [...rounding],
            narrowedBy: new Set(),
          });
        } else if (m.kind === "rate") {
          if (row[m.name] !== null)
            rates.push({
              spec,
              row,
              k: cellKeyOf(populationOf(spec, m.numerator), dims, row),
              n: cellKeyOf(populationOf(spec, m.denominator), dims, row),
              name: m.name,
              threshold: rateThreshold(privacy, spec.schoolOfOrigin),
            });
        } else if (m.kind === "mean" && row[m.name] !== null) {
          means.push({
            spec,
            row,
            persons: cellKeyOf(populationOf(spec, m.persons), dims, row),
            name: m.name,
          });
        }
      }
    }
    // Lines: a margin is the sum of the cells of any finer level of the same table ("sum" tables only:
    // a "source" table's totals are distinct persons, which need not add up).
    if (spec.totals !== "sum") continue;
    const counts = spec.measures.flatMap((m) =>
      m.kind === "count" || m.kind === "school-count" ? [m.column] : [],
    );
    for (const coarse of levels.values()) {
      for (const fine of levels.values()) {
        if (fine.dims.length <= coarse.dims.length || !coarse.dims.every((d) => fine.dims.includes(d)))
          continue;
        const project = (row: Row) => JSON.stringify(coarse.dims.map((d) => row[d]));
        const groups = new Map<string, Row[]>();
        for (const row of fine.rows) {
          const list = groups.get(project(row)) ?? [];
          list.push(row);
          groups.set(project(row), list);
        }
        for (const parent of coarse.rows) {
          const children = groups.get(project(parent)) ?? [];
          for (const column of counts) {
            const population = populationOf(spec, column);
            lines.push({
              parent: cellKeyOf(population, coarse.dims, parent),
              children: children.map((child) => cellKeyOf(population, fine.dims, child)),
            });
          }
        }
      }
    }
  }

  const narrow = (key: string, lo: number, hi: number, cause: Cause): boolean => {
    const cell = cells.get(key)!;
    const [a, b] = cell.derived;
    const next: Interval = [Math.max(a, lo), Math.min(b, hi)];
    if (next[0] > next[1] + 1e-9) throw new Error(`${key}: the published values contradict each other`);
    if (next[0] === a && next[1] === b) return false;
    cell.derived = next;
    cell.narrowedBy.add(cause);
    return true;
  };

  // Rates: every pair (k, n) the rounding allows that gives the published numbers under some rule.
  for (const rate of rates) {
    const k = cells.get(rate.k)!;
    const n = cells.get(rate.n)!;
    const published = [rate.name, `${rate.name}_low`, `${rate.name}_high`].map((c) => rate.row[c] as number);
    const ks: number[] = [];
    const ns: number[] = [];
    for (const rule of rateRules) {
      for (let nn = Math.max(1, n.rounding[0], rate.threshold); nn <= n.rounding[1]; nn++) {
        for (let kk = k.rounding[0]; kk <= Math.min(nn, k.rounding[1]); kk++) {
          const values = rule(kk, nn, privacy.roundTo, [k.published ?? kk, n.published ?? nn]);
          if (values.every((v, i) => Math.abs(v - published[i]!) < 1e-9)) {
            ks.push(kk);
            ns.push(nn);
          }
        }
      }
    }
    if (ks.length === 0) throw new Error(`${rate.spec.name} ${rate.name}: no rule gives the published rate`);
    narrow(rate.k, Math.min(...ks), Math.max(...ks), "rate");
    narrow(rate.n, Math.min(...ns), Math.max(...ns), "rate");
  }

  // Means: n persons whose values lie on the lattice must be able to give the published mean.
  for (const mean of means) {
    const unitOf = options.meanUnits?.[mean.spec.name]?.[mean.name];
    const unit = typeof unitOf === "function" ? unitOf(mean.row) : unitOf;
    if (!unit) continue;
    const persons = cells.get(mean.persons)!;
    if (persons.published === null) continue;
    const value = mean.row[mean.name] as number;
    const step = options.meanStep?.(mean.spec, mean.name, mean.row, persons) ?? null;
    const measure = mean.spec.measures.find((m) => m.kind === "mean" && m.name === mean.name);
    const round = measure?.kind === "mean" ? measure.round : "nearest";
    const feasible: number[] = [];
    for (let nn = Math.max(1, persons.rounding[0]); nn <= persons.rounding[1]; nn++) {
      const exact = latticeMeets(value * nn, value * nn, unit);
      // Rounded to a step: only if the value is a multiple of it, and then from the window its rounding
      // (to the nearest, down or up, as declared) leaves.
      const onStep = step !== null && step > 0 && Math.abs(value / step - Math.round(value / step)) < 1e-6;
      const [below, above] =
        round === "down" ? [0, step!] : round === "up" ? [step!, 0] : [step! / 2, step! / 2];
      const stepped = onStep && latticeMeets((value - below) * nn, (value + above) * nn, unit);
      if (exact || stepped) feasible.push(nn);
    }
    if (feasible.length === 0) continue; // the lattice assumed is wrong for this value: it tells nothing
    narrow(mean.persons, Math.min(...feasible), Math.max(...feasible), "mean");
  }

  // Lines, to a fixed point.
  const usable = lines.filter((line) => cells.has(line.parent) && line.children.every((c) => cells.has(c)));
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const line of usable) {
      const kids = line.children.map((c) => cells.get(c)!.derived);
      const lo = kids.reduce((s, [a]) => s + a, 0);
      // Sums of upper bounds, keeping the unbounded (suppressed) ones apart: Infinity - Infinity is no bound.
      const finiteHi = kids.reduce((s, [, b]) => s + (Number.isFinite(b) ? b : 0), 0);
      const unbounded = kids.filter(([, b]) => !Number.isFinite(b)).length;
      if (narrow(line.parent, lo, unbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi, "line"))
        changed = true;
      const [plo, phi] = cells.get(line.parent)!.derived;
      for (const [i, child] of line.children.entries()) {
        const [a, b] = kids[i]!;
        const otherLo = lo - a;
        const othersUnbounded = unbounded - (Number.isFinite(b) ? 0 : 1);
        const otherHi =
          othersUnbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi - (Number.isFinite(b) ? b : 0);
        if (narrow(child, plo - otherHi, phi - otherLo, "line")) changed = true;
      }
    }
  }
  return cells;
}
