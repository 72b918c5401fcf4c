import { pinnedCells, pinnedPublished } from "./audit.ts";
import { type Cell, cellKey, type Graph, membersOf } from "./graph.ts";
import { publishedInterval, roundCount } from "./rules.ts";

/**
 * A published rate: its numerator and denominator are count cells; it is shown when the published
 * denominator says `threshold` persons or more (every count its rounding allows reaches it).
 */
export interface RateLink {
  numerator: number;
  denominator: number;
  threshold: number;
}

export interface ProtectOptions {
  roundTo: number;
  rates?: RateLink[];
  /**
   * Every cell's published (rounded) value, by id (controlled.ts); by default each count rounded to its
   * nearest multiple.
   */
  published?: readonly number[];
  /** Hypercubes tried per primary cell before falling back to line-by-line partners. */
  maxHypercubes?: number;
}

export interface Protection {
  /** Every suppressed cell (primary and secondary), by id. */
  suppressed: Set<number>;
  primary: Set<number>;
  secondary: Set<number>;
  /** Which rates are published (same order as the options). */
  ratePublished: boolean[];
  /** Cells added because the interval audit found a suppressed cell, or a published one, pinned. */
  auditAdded: number[];
}

export class ProtectionError extends Error {
  override name = "ProtectionError";
}

const TOTAL = Symbol("total");

/** Cheapest first: fewest persons, then the cell's place in key order. */
function cheaper(graph: Graph, a: number, b: number): boolean {
  const va = graph.cells[a]!.value;
  const vb = graph.cells[b]!.value;
  return va < vb || (va === vb && a < b);
}

function suppressedIn(graph: Graph, lineId: number, suppressed: ReadonlySet<number>): number {
  let n = 0;
  for (const id of membersOf(graph.lines[lineId]!)) if (suppressed.has(id)) n++;
  return n;
}

/**
 * The cheapest hypercube around a primary cell: along each dimension it can be subtracted on, pick
 * another category or the margin, and suppress every corner. A rectangle in two dimensions. Corners
 * must be published cells with persons (a zero protects nothing); already suppressed corners are free.
 * Branch and bound: the corners one step from the cell along each axis are part of every cube, so
 * their costs bound a partial choice from below; ties go to the smaller corner ids.
 */
function cheapestHypercube(
  graph: Graph,
  cell: Cell,
  suppressed: ReadonlySet<number>,
  limit: number,
): number[] | null {
  const costOf = (id: number) => (suppressed.has(id) ? 0 : graph.cells[id]!.value);
  const usable = (id: number) => suppressed.has(id) || graph.cells[id]!.value > 0;
  type Option = { value: string | null | typeof TOTAL; edge: number };
  const axes: { dim: string; options: Option[] }[] = [];
  for (const lineId of graph.linesOf[cell.id]!) {
    const line = graph.lines[lineId]!;
    if (line.parent === cell.id || line.over.length !== 1) continue;
    const dim = line.over[0]!;
    const options = [...line.children.filter((id) => id !== cell.id), line.parent]
      .filter(usable)

      .map(
        (id): Option => ({
          value: id === line.parent ? TOTAL : (graph.cells[id]!.dims[dim] ?? null),
          edge: id,
        }),
      )
      .sort((a, b) => costOf(a.edge) - costOf(b.edge) || a.edge - b.edge);
    if (options.length === 0) return null;
    axes.push({ dim, options });
  }
  if (axes.length === 0) return null;
  // Cheapest possible edge per axis from axis a on: the bound for the axes not yet chosen.
  const restBound = axes.map((_, a) =>
    axes.slice(a).reduce((sum, axis) => sum + costOf(axis.options[0]!.edge), 0),
  );
  restBound.push(0);
  let best: number[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  let leaves = 0;
  const choice: (string | null | typeof TOTAL)[] = [];
  const leaf = () => {
    leaves++;
    const corners = new Set<number>();
    let cost = 0;
    for (let mask = 0; mask < 1 << axes.length; mask++) {
      const dims = { ...cell.dims };
      for (const [a, axis] of axes.entries()) {
        if (!(mask & (1 << a))) continue;
        const option = choice[a]!;
        if (option === TOTAL) delete dims[axis.dim];
        else dims[axis.dim] = option;
      }
      const id = graph.byKey.get(cellKey(cell.kind, cell.population, dims));
      if (id === undefined || !usable(id)) return;
      if (corners.has(id)) continue;
      corners.add(id);
      cost += costOf(id);
    }
    const ids = [...corners].sort((x, y) => x - y);
    if (cost < bestCost || (cost === bestCost && best !== null && lexLess(ids, best))) {
      best = ids;
      bestCost = cost;
    }
  };
  const search = (a: number, partial: number) => {
    if (leaves >= limit) return;
    if (a === axes.length) return leaf();
    for (const option of axes[a]!.options) {
      const bound = partial + costOf(option.edge) + restBound[a + 1]!;
      if (bound > bestCost) break;
      choice[a] = option.value;
      search(a + 1, partial + costOf(option.edge));
    }
  };
  search(0, 0);
  return best;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/**
 * Primary and secondary suppression over a release graph, deterministic:
 * 1. primary: cells below their threshold (counts: 1..threshold-1; means: fewer persons than needed);
 * 2. per primary cell (finest first, then key order) still alone in one of its lines: the cheapest
 *    hypercube of partners;
 * 3. line closure: while a line (parent and children) holds exactly one suppressed cell, suppress its
 *    cheapest other cell with persons — this covers hierarchies, margins of margins and cells linked
 *    across tables;
 * 4. rates: published only when every count the published denominator allows reaches the threshold and
 *    neither count is suppressed (computed from the published counts, a rate tells nothing more);
 * 5. audit (`pinnedCells`): a suppressed count still determined gets its cheapest published line
 *    neighbour suppressed, then back to 3, until nothing is pinned;
 * 6. audit (`pinnedPublished`): a published count that margin arithmetic pins to one value is
 *    suppressed itself (one per group of lines at a time, cheapest first), then back to 3.
 */
export function protect(graph: Graph, options: ProtectOptions): Protection {
  const limit = options.maxHypercubes ?? 20_000;
  const rates = options.rates ?? [];
  const { roundTo } = options;
  const published = options.published ?? graph.cells.map((cell) => roundCount(cell.value, roundTo));
  const suppressed = new Set<number>();
  const primary = new Set<number>();
  for (const cell of graph.cells) {
    if (cell.primary) {
      suppressed.add(cell.id);
      primary.add(cell.id);
    }
  }
  const alone = (id: number) =>
    graph.linesOf[id]!.some((lineId) => suppressedIn(graph, lineId, suppressed) === 1);
  const order = [...primary].sort(
    (a, b) => graph.cells[b]!.level.length - graph.cells[a]!.level.length || a - b,
  );
  for (const id of order) {
    if (!alone(id)) continue;
    const cube = cheapestHypercube(graph, graph.cells[id]!, suppressed, limit);
    if (cube) for (const corner of cube) suppressed.add(corner);
  }

  const closeLines = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of graph.lines) {
        const members = membersOf(line);
        if (members.filter((id) => suppressed.has(id)).length !== 1) continue;
        let pick = -1;
        for (const id of members) {
          if (suppressed.has(id) || graph.cells[id]!.value <= 0) continue;
          if (pick < 0 || cheaper(graph, id, pick)) pick = id;
        }
        if (pick < 0) throw new ProtectionError(`no partner for the suppressed cell in line ${line.id}`);
        suppressed.add(pick);
        changed = true;
      }
    }
  };
  const ratesPublished = () =>
    rates.map(
      (rate) =>
        publishedInterval(
          published[rate.denominator]!,
          roundTo,
          graph.cells[rate.denominator]!.threshold,
        )[0] >= rate.threshold &&
        !suppressed.has(rate.numerator) &&
        !suppressed.has(rate.denominator),
    );

  const auditAdded: number[] = [];
  for (;;) {
    closeLines();
    const pinned = pinnedCells(graph, suppressed, roundTo, published);
    if (pinned.length === 0) {
      const exposed = pinnedPublished(graph, suppressed, roundTo, published);
      if (exposed.length === 0) break;
      // One cell per group of lines: suppressing it loosens every line it is in, which may free the rest.
      const touched = new Set<number>();
      for (const id of exposed.sort((a, b) => (cheaper(graph, a, b) ? -1 : cheaper(graph, b, a) ? 1 : 0))) {
        if (graph.linesOf[id]!.some((lineId) => touched.has(lineId))) continue;
        suppressed.add(id);
        auditAdded.push(id);
        for (const lineId of graph.linesOf[id]!) touched.add(lineId);
      }
      continue;
    }
    let added = false;
    for (const id of pinned) {
      let pick = -1;
      for (const lineId of graph.linesOf[id]!) {
        for (const m of membersOf(graph.lines[lineId]!)) {
          if (suppressed.has(m) || graph.cells[m]!.value <= 0) continue;
          if (pick < 0 || cheaper(graph, m, pick)) pick = m;
        }
      }
      if (pick < 0) pick = cheapestInComponent(graph, id, suppressed);
      if (pick >= 0 && !suppressed.has(pick)) {
        suppressed.add(pick);
        auditAdded.push(pick);
        added = true;
      }
    }
    if (!added)
      throw new ProtectionError(`cells ${pinned.join(", ")} stay determined however much is suppressed`);
  }
  const secondary = new Set([...suppressed].filter((id) => !primary.has(id)));
  return { suppressed, primary, secondary, ratePublished: ratesPublished(), auditAdded };
}

/** The cheapest published cell with persons connected to `start` through lines. */
function cheapestInComponent(graph: Graph, start: number, suppressed: ReadonlySet<number>): number {
  const seen = new Set([start]);
  const queue = [start];
  let pick = -1;
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const lineId of graph.linesOf[id]!) {
      for (const m of membersOf(graph.lines[lineId]!)) {
        if (seen.has(m)) continue;
        seen.add(m);
        queue.push(m);
        if (!suppressed.has(m) && graph.cells[m]!.value > 0 && (pick < 0 || cheaper(graph, m, pick)))
          pick = m;
      }
    }
  }
  return pick;
}
