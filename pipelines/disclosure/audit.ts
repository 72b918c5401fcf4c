import { type Graph, membersOf } from "./graph.ts";
import { variableRanges } from "./lp.ts";
import { publishedInterval, roundCount } from "./rules.ts";

/**
 * The interval audit. A reader of the release knows, for every count cell: a suppressed cell is some
 * count >= 0; a published value r is the rounding of a count that was at least the cell's threshold
 * (or 0), so the count lies in `publishedInterval(r)`; a count behind a published rate is known exactly
 * (rate and Wilson interval give numerator and denominator away); and every line adds up (parent =
 * sum of children). A suppressed cell is disclosed when these pin it to a single value.
 *
 * Two checks:
 * - `pinnedCells` (used when publishing, fast and conservative): it fixes every published cell whose
 *   true count sits on an end of its interval (or is known exactly) and asks, by Gaussian elimination
 *   over the lines, whether a suppressed cell is then determined. When it is not, there is a direction
 *   that moves it while every other constraint stays strictly satisfied, so its feasible interval has
 *   width > 0. It may report a cell the exact audit would clear; never the reverse.
 * - `auditIntervals` (exact, linear programming): the least and greatest value of each suppressed cell.
 *   It is the continuous relaxation, as in tau-ARGUS; for two-dimensional tables the constraint matrix is
 *   totally unimodular, so its bounds are integers.
 */

/** What a reader knows about each count cell: [lo, hi]. */
export function readerBounds(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  exact: ReadonlySet<number>,
  roundTo: number,
): [number, number][] {
  return graph.cells.map((cell) => {
    if (suppressed.has(cell.id)) return [0, Number.POSITIVE_INFINITY];
    if (exact.has(cell.id)) return [cell.value, cell.value];
    return publishedInterval(roundCount(cell.value, roundTo), roundTo, cell.threshold);
  });
}

function countLines(graph: Graph) {
  return graph.lines.filter((line) => graph.cells[line.parent]!.kind === "count");
}

/** Suppressed count cells the lines and the fixed (tight or exact) published cells determine. */
export function pinnedCells(
  graph: Graph,
  suppressed: ReadonlySet<number>,
  exact: ReadonlySet<number>,
  roundTo: number,
): number[] {
  const bounds = readerBounds(graph, suppressed, exact, roundTo);
  const free = (id: number) => {
    const [lo, hi] = bounds[id]!;
    const v = graph.cells[id]!.value;
    return v > lo && v < hi;
  };
  const lines = countLines(graph);
  // Connected components of free cells through lines, each eliminated on its own.
  const parent = graph.cells.map((cell) => cell.id);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const freeMembers = lines.map((line) => membersOf(line).filter(free));
  for (const members of freeMembers) {
    for (const m of members.slice(1)) parent[find(m)] = find(members[0]!);
  }
  const components = new Map<number, { columns: number[]; rows: number[] }>();
  for (const cell of graph.cells) {
    if (cell.kind !== "count" || !free(cell.id)) continue;
    const root = find(cell.id);
    const component = getOrInit(components, root, () => ({ columns: [] as number[], rows: [] as number[] }));
    component.columns.push(cell.id);
  }
  for (const [index, members] of freeMembers.entries()) {
    if (members.length > 0) components.get(find(members[0]!))!.rows.push(index);
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
  exact: ReadonlySet<number>,
  roundTo: number,
): Map<number, [number, number]> {
  const bounds = readerBounds(graph, suppressed, exact, roundTo);
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

function getOrInit<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = init();
    map.set(key, value);
  }
  return value;
}
