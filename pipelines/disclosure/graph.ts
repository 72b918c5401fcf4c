/**
 * The release as a graph: every published count (and mean) is a cell, identified by its population and
 * the values of the dimensions it is broken down by; a cell published in two tables is one cell. A line
 * is an additive relation a reader can subtract along: a parent cell (a margin, a hierarchy level, a
 * cell of a coarser table) equals the sum of its children one breakdown finer.
 */

export type CellKind = "count" | "mean";

export interface CellInput {
  kind: CellKind;
  population: string;
  /** Dimension -> value (as text; null is a real category) for the dimensions the cell is broken down by. */
  dims: Record<string, string | null>;
  /** Persons in the cell (for a mean: the persons it rests on); the cost of suppressing it. */
  value: number;
  /** Persons the cell needs to be shown (the primary threshold for its kind). */
  threshold: number;
  /** cellKey of the cell, when the caller has it already (a release computes it for every reference). */
  key?: string;
}

export interface Cell extends CellInput {
  id: number;
  key: string;
  /** Sorted dimension names: the cell's level. */
  level: string[];
  /** Suppressed by its own value. */
  primary: boolean;
}

export interface Line {
  id: number;
  parent: number;
  children: number[];
  /** Dimensions summed over from the children to the parent. */
  over: string[];
}

export interface Graph {
  cells: Cell[];
  lines: Line[];
  /** Lines each cell belongs to, as parent or child. */
  linesOf: number[][];
  byKey: Map<string, number>;
}

export class InconsistentCellError extends Error {
  override name = "InconsistentCellError";
}

export function cellKey(kind: CellKind, population: string, dims: Record<string, string | null>): string {
  const entries = Object.keys(dims)
    .sort()
    .map((dim) => [dim, dims[dim]]);
  return JSON.stringify([kind, population, entries]);
}

export function isPrimary(cell: CellInput): boolean {
  // A mean over nobody is no number at all: the publish step flags it without asking for partners.
  return cell.value > 0 && cell.value < cell.threshold;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges cells that are the same cell (same key): their values must agree; the strictest threshold
 * applies. Cells are numbered in key order, so everything downstream is deterministic.
 */
export function buildGraph(inputs: CellInput[]): Graph {
  const merged = new Map<string, CellInput>();
  for (const input of inputs) {
    const key = input.key ?? cellKey(input.kind, input.population, input.dims);
    const known = merged.get(key);
    if (!known) {
      // Spelled out, not spread: copying the caller's objects by spread was most of this function's time.
      const { kind, population, dims, value, threshold } = input;
      merged.set(key, { kind, population, dims: { ...dims }, value, threshold });
    } else if (known.value !== input.value) {
      throw new InconsistentCellError(
        `cell ${key} is published twice with different values (${known.value} and ${input.value}); cells that share a population must be the same persons`,
      );
    } else known.threshold = Math.max(known.threshold, input.threshold);
  }
  // The default sort orders by UTF-16 code units, as compare() does, without a call per comparison.
  const cells: Cell[] = [...merged.keys()].sort().map((key, id) => {
    const input = merged.get(key)!;
    const { kind, population, dims, value, threshold } = input;
    return {
      kind,
      population,
      dims,
      value,
      threshold,
      id,
      key,
      level: Object.keys(dims).sort(),
      primary: isPrimary(input),
    };
  });
  const byKey = new Map(cells.map((cell) => [cell.key, cell.id]));

  // Levels present per (kind, population).
  const groups = new Map<string, Map<string, Cell[]>>();
  for (const cell of cells) {
    const group = `${cell.kind}\u0000${cell.population}`;
    const levels = getOrInit(groups, group, () => new Map<string, Cell[]>());
    const level = cell.level.join("\u0000");
    const list = getOrInit(levels, level, (): Cell[] => []);
    list.push(cell);
  }
  const lines: Line[] = [];
  for (const [, levels] of [...groups.entries()].sort(([a], [b]) => compare(a, b))) {
    const present = [...levels.keys()].sort().map((level) => (level === "" ? [] : level.split("\u0000")));
    const subset = (a: string[], b: string[]) => a.length < b.length && a.every((dim) => b.includes(dim));
    for (const parentLevel of present) {
      for (const childLevel of present) {
        if (!subset(parentLevel, childLevel)) continue;
        // Only adjacent levels: a relation across an intermediate level follows from the two steps.
        if (present.some((mid) => subset(parentLevel, mid) && subset(mid, childLevel))) continue;
        const project = (cell: Cell) => JSON.stringify(parentLevel.map((dim) => cell.dims[dim]));
        const children = new Map<string, number[]>();
        for (const child of levels.get(childLevel.join("\u0000"))!) {
          const k = project(child);
          const list = getOrInit(children, k, (): number[] => []);
          list.push(child.id);
        }
        const over = childLevel.filter((dim) => !parentLevel.includes(dim));
        for (const parent of levels.get(parentLevel.join("\u0000"))!) {
          const kids = children.get(project(parent));
          if (!kids || kids.length === 0) continue;
          lines.push({ id: lines.length, parent: parent.id, children: kids.sort((a, b) => a - b), over });
        }
      }
    }
  }
  const linesOf: number[][] = cells.map(() => []);
  for (const line of lines) {
    linesOf[line.parent]!.push(line.id);
    for (const child of line.children) linesOf[child]!.push(line.id);
  }
  return { cells, lines, linesOf, byKey };
}

export function membersOf(line: Line): number[] {
  return [line.parent, ...line.children];
}

/** The map's value for key, made with init and stored the first time. */
export function getOrInit<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = init();
    map.set(key, value);
  }
  return value;
}
