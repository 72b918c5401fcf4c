import { Components } from "../connected-components.ts";
import { type Graph, getOrInit, membersOf } from "./graph.ts";
import { variableRanges } from "./lp.ts";
import { publishedInterval, rateOfPublished, roundCount } from "./rules.ts";

/**
 * The interval audit. A reader of the release knows, for every count cell: a suppressed cell is some
 * count >= 0; a published value r is the rounding of a count that was at least the cell's threshold
 * (or 0), so the count lies in `publishedInterval(r)`; and every line adds up (parent = sum of
 * children). Rates and means are published so that they add nothing to this (rules.ts publishedRate,
 * meanStep); `rateLeak` and `meanLeak` check the values a release wrote.
 *
 * The checks:
 * - `pinnedCells` (used when publishing, fast and conservative): it fixes every published cell whose
 *   true count sits on an end of its interval and asks, by Gaussian elimination over the lines, whether
 *   a suppressed cell is then determined. When it is not, there is a direction that moves it while
 *   every other constraint stays strictly satisfied, so its feasible interval has width > 0. It may
 *   report a cell the exact audit would clear; never the reverse.
 * - `pinnedPublished` (used when publishing): margin arithmetic on independently rounded cells narrows
 *   some published counts (a parent of 30 over four children of 5 says the parent is 28 and each child
 *   7); it propagates the intervals along the lines and reports the published counts left with a single
 *   value their rounding did not already give.
 * - `auditIntervals` (exact, linear programming): the least and greatest value of each suppressed cell.
 *   It is the continuous relaxation, as in tau-ARGUS; for two-dimensional tables the constraint matrix is
 *   totally unimodular, so its bounds are integers.
 * - `rateLeak`, `meanLeak`: whether a published rate or mean narrows a count beside it.
 */

/** What a reader knows about each count cell: [lo, hi]. */
export function readerBounds(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  roundTo: number,
  published?: readonly number[],
): [number, number][] {
  return graph.cells.map((cell) => {
    if (suppressed.has(cell.id)) return [0, Number.POSITIVE_INFINITY];
    return publishedInterval(publishedOf(cell, roundTo, published), roundTo, cell.threshold);
  });
}

/** A cell's published (rounded) value: as the release rounded it, or to the nearest multiple. */
function publishedOf(
  cell: { id: number; value: number },
  roundTo: number,
  published?: readonly number[],
): number {
  return published ? published[cell.id]! : roundCount(cell.value, roundTo);
}

function countLines(graph: Graph) {
  return graph.lines.filter((line) => graph.cells[line.parent]!.kind === "count");
}

/** Suppressed count cells the lines and the fixed (tight) published cells determine. */
export function pinnedCells(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  roundTo: number,
  published?: readonly number[],
): number[] {
  const bounds = readerBounds(graph, suppressed, roundTo, published);
  const free = (id: number) => {
    const [lo, hi] = bounds[id]!;
    const v = graph.cells[id]!.value;
    return v > lo && v < hi;
  };
  const lines = countLines(graph);
  // Connected components of free cells through lines, each eliminated on its own.
  const linked = new Components(graph.cells.length);
  const freeMembers = lines.map((line) => membersOf(line).filter(free));
  for (const members of freeMembers) {
    for (const m of members.slice(1)) linked.union(m, members[0]!);
  }
  const components = new Map<number, { columns: number[]; rows: number[] }>();
  for (const cell of graph.cells) {
    if (cell.kind !== "count" || !free(cell.id)) continue;
    const root = linked.find(cell.id);
    const component = getOrInit(components, root, () => ({ columns: [] as number[], rows: [] as number[] }));
    component.columns.push(cell.id);
  }
  for (const [index, members] of freeMembers.entries()) {
    if (members.length > 0) components.get(linked.find(members[0]!))!.rows.push(index);
  }
  const pinned: number[] = [];
  for (const { columns, rows } of components.values()) {
    const targets = columns.filter((id) => suppressed.has(id));
    if (targets.length === 0 || rows.length === 0) continue;
    const col = new Map(columns.map((id, j) => [id, j]));
    const matrix = rows.map((index) => {
      const line = lines[index]!;
      const row = new Float64Array(columns.length);
      const p = col.get(line.parent);
      if (p !== undefined) row[p]! += 1;
      for (const child of line.children) {
        const c = col.get(child);
        if (c !== undefined) row[c]! -= 1;
      }
      return row;
    });
    const pivotRowOf = reducedRowEchelon(matrix, columns.length);
    for (const id of targets) {
      const r = pivotRowOf.get(col.get(id)!);
      if (r === undefined) continue;
      const row = matrix[r]!;
      let alone = true;
      for (let j = 0; j < columns.length && alone; j++) {
        if (j !== col.get(id) && Math.abs(row[j]!) > 1e-9) alone = false;
      }
      if (alone) pinned.push(id);
    }
  }
  return pinned.sort((a, b) => a - b);
}

/** In-place reduced row echelon form with partial pivoting; returns pivot column -> row. */
function reducedRowEchelon(matrix: Float64Array[], width: number): Map<number, number> {
  const pivots = new Map<number, number>();
  let row = 0;
  for (let col = 0; col < width && row < matrix.length; col++) {
    let best = row;
    for (let r = row + 1; r < matrix.length; r++) {
      if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[best]![col]!)) best = r;
    }
    if (Math.abs(matrix[best]![col]!) <= 1e-9) continue;
    [matrix[row], matrix[best]] = [matrix[best]!, matrix[row]!];
    const pivotRow = matrix[row]!;
    const f = pivotRow[col]!;
    for (let j = 0; j < width; j++) pivotRow[j]! /= f;
    for (let r = 0; r < matrix.length; r++) {
      if (r === row) continue;
      const target = matrix[r]!;
      const g = target[col]!;
      if (g === 0) continue;
      for (let j = 0; j < width; j++) target[j]! -= g * pivotRow[j]!;
      target[col] = 0;
    }
    pivots.set(col, row);
    row++;
  }
  return pivots;
}

/** Exact audit: [min, max] a reader can infer for each suppressed count cell. */
export function auditIntervals(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  roundTo: number,
  published?: readonly number[],
): Map<number, [number, number]> {
  const bounds = readerBounds(graph, suppressed, roundTo, published);
  const counts = graph.cells.filter((cell) => cell.kind === "count");
  const index = new Map(counts.map((cell, i) => [cell.id, i]));
  const ranges = variableRanges(
    {
      lower: counts.map((cell) => bounds[cell.id]![0]),
      upper: counts.map((cell) => bounds[cell.id]![1]),
      equalities: countLines(graph).map((line) => ({
        vars: membersOf(line).map((id) => index.get(id)!),
        coefs: membersOf(line).map((_, k) => (k === 0 ? 1 : -1)),
        rhs: 0,
      })),
    },
    counts.filter((cell) => suppressed.has(cell.id)).map((cell) => index.get(cell.id)!),
  );
  const result = new Map<number, [number, number]>();
  for (const [i, range] of ranges) result.set(counts[i]!.id, range);
  return result;
}

/**
 * Published counts that margin arithmetic pins to one value: the intervals of every count cell are
 * narrowed along its lines (a parent lies within the sums of its children's bounds, a child within the
 * parent's bounds less its siblings') until nothing changes. Cells whose rounding leaves one value
 * already (a published 0) are not reported.
 */
export function pinnedPublished(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  roundTo: number,
  published?: readonly number[],
): number[] {
  const bounds = readerBounds(graph, suppressed, roundTo, published);
  // Only lines that add up: a table whose totals come from its source (distinct persons, e.g. a person
  // credited to two campaigns of a channel) has lines for suppression's sake that are no sums, and
  // bounds narrowed along them would cross.
  const value = (id: number) => graph.cells[id]!.value;
  const lines = countLines(graph).filter(
    (line) => line.children.reduce((sum, child) => sum + value(child), 0) === value(line.parent),
  );
  // Only lines whose bounds changed need another look: a queue of lines, each in it at most once.
  const queued = new Uint8Array(lines.length);
  const linesOfCell = new Map<number, number[]>();
  for (const [index, line] of lines.entries()) {
    for (const id of membersOf(line)) getOrInit(linesOfCell, id, (): number[] => []).push(index);
  }
  const queue: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    queue.push(i);
    queued[i] = 1;
  }
  // Bounds are whole numbers and only ever narrow (the true counts stay inside), so this ends.
  const tighten = (id: number, lo: number, hi: number) => {
    const b = bounds[id]!;
    if (lo <= b[0] && hi >= b[1]) return;
    b[0] = Math.max(b[0], lo);
    b[1] = Math.min(b[1], hi);
    for (const other of linesOfCell.get(id) ?? []) {
      if (!queued[other]) {
        queued[other] = 1;
        queue.push(other);
      }
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const index = queue[head]!;
    queued[index] = 0;
    const line = lines[index]!;
    let lo = 0;
    let hi = 0;
    let unbounded = 0;
    for (const child of line.children) {
      const [a, b] = bounds[child]!;
      lo += a;
      if (Number.isFinite(b)) hi += b;
      else unbounded++;
    }
    tighten(line.parent, lo, unbounded > 0 ? Number.POSITIVE_INFINITY : hi);
    const [plo, phi] = bounds[line.parent]!;
    for (const child of line.children) {
      const [a, b] = bounds[child]!;
      const othersUnbounded = unbounded - (Number.isFinite(b) ? 0 : 1);
      const othersHi = othersUnbounded > 0 ? Number.POSITIVE_INFINITY : hi - (Number.isFinite(b) ? b : 0);
      tighten(child, plo - othersHi, phi - (lo - a));
    }
  }
  const pinned: number[] = [];
  for (const cell of graph.cells) {
    if (cell.kind !== "count" || suppressed.has(cell.id)) continue;
    const [lo, hi] = publishedInterval(publishedOf(cell, roundTo, published), roundTo, cell.threshold);
    const [a, b] = bounds[cell.id]!;
    if (lo < hi && b - a < 0.5) pinned.push(cell.id);
  }
  return pinned;
}

/** A published rate beside its published counts, as a reader sees them. */
export interface PublishedRate {
  /** Published (rounded) numerator and denominator. */
  numerator: number;
  denominator: number;
  /** The thresholds the two counts were published under. */
  numeratorThreshold: number;
  denominatorThreshold: number;
  /** The least denominator a rate is shown on (rules.ts shownThreshold). */
  shownFrom: number;
  rate: number;
  low: number;
  high: number;
}

/**
 * Why a published rate narrows its counts, or null when it does not: every numerator k and denominator n
 * the rounding allows (k <= n) must give the published rate and interval, and must have been allowed
 * to show a rate. The reader is assumed to know the rule (publishedRate).
 */
export function rateLeak(published: PublishedRate, roundTo: number): string | null {
  const [klo] = publishedInterval(published.numerator, roundTo, published.numeratorThreshold);
  const [nlo, nhi] = publishedInterval(published.denominator, roundTo, published.denominatorThreshold);
  if (nlo < published.shownFrom)
    return `shown on a denominator of ${published.denominator}, which could be ${nlo}: showing it says n >= ${published.shownFrom}`;
  const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  // Computed from the two published counts, the rate is the same for every k and n they allow.
  const r = rateOfPublished(published.numerator, published.denominator);
  if (!r || !same(r.rate, published.rate) || !same(r.low, published.low) || !same(r.high, published.high))
    return `${published.rate} (${published.low}..${published.high}) is not what ${published.numerator} of ${published.denominator} would show: it rests on more than the published counts`;
  if (klo > nhi) return `its counts ${published.numerator} of ${published.denominator} cannot both hold`;
  return null;
}

/** A published mean beside the published count of persons it rests on. */
export interface PublishedMean {
  value: number;
  /** The published persons count, or null when it is suppressed. */
  persons: number | null;
  personsThreshold: number;
  /** The least persons a mean is shown on (rules.ts shownThreshold). */
  shownFrom: number;
  unit: number;
  /** The step it was published to. */
  step: number;
}

/**
 * Why a published mean narrows its persons (or, for a 0/1 value, the count behind it), or null: its
 * step must be at least roundTo x unit / n for every n a reader must allow (those the rounded persons
 * allow, or from the least a mean is shown on when the count is suppressed), and the value a multiple
 * of it. Then for each such n the sums the value allows span roundTo units or more: every n stays
 * possible, and the sum is known no better than a rounded count.
 */
export function meanLeak(published: PublishedMean, roundTo: number): string | null {
  if (published.unit === 0) return null;
  const lo =
    published.persons === null
      ? 0
      : publishedInterval(published.persons, roundTo, published.personsThreshold)[0];
  const least = Math.max(1, published.shownFrom, lo);
  if (published.step * least < roundTo * published.unit * (1 - 1e-9))
    return `shown to ${published.step} on ${published.persons ?? "suppressed"} persons (${least} or more), finer than ${roundTo} x ${published.unit} / ${least}`;
  const multiple = published.value / published.step;
  if (Math.abs(multiple - Math.round(multiple)) > 1e-6)
    return `${published.value} is not a multiple of its step ${published.step}`;
  return null;
}
