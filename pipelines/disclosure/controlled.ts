import { type Graph, membersOf } from "./graph.ts";
import { InfeasibleError, minimiseLinear } from "./lp.ts";
import { publishedInterval, roundCount } from "./rules.ts";

/**
 * Controlled rounding (DESIGN §7): every count cell of the release is rounded to a multiple of `roundTo`
 * next to its true count (the one below or the one above; a multiple stays as it is), chosen so that
 * every line adds up in the published numbers: a published total is the sum of its published cells, in
 * every direction it has cells (a margin of a two-way table is the sum of its row and of its column).
 *
 * Why: cells and margins rounded each to its nearest multiple do not add up, and a reader subtracts
 * (a total of 40 over cells of 15 and 20: the cells add up to 39 at most, so the total is 38 or 39).
 * On the demo that narrowed 2,888 of 68,283 published counts. When the published cells add up to the
 * published total, the total tells nothing its cells do not, and the cells nothing the total does not.
 * The price is the reader's interval: a published r now means a true count in r - (roundTo - 1) ..
 * r + (roundTo - 1) (rules.ts publishedInterval), not r +/- roundTo/2, though most cells still go to their
 * nearest multiple (the choice minimises the distance to the true counts).
 *
 * How: per connected group of cells (cells joined by lines that add up in the true counts), one 0/1
 * choice per cell (down or up), one equation per line, the sum of distances to the true counts minimised
 * by the simplex of lp.ts. One-way tables, hierarchies and two-way tables with their margins are network
 * problems (totally unimodular): the optimum is a vertex, whole, and always exists, since the true counts
 * are a fractional solution. A group the method cannot round whole (tables of three or more crossed
 * dimensions with all their margins can have none) falls back to the nearest multiple, cell by cell, and
 * is reported (`fallback`); the audit (audit.ts pinnedPublished) then suppresses any count its margins
 * would pin, as before.
 *
 * Suppressed cells are rounded too (their value is never published): the published cells of a line
 * then leave a multiple of roundTo for the suppressed ones together, which the interval audit bounds
 * like any line. (What the audit does not model: that multiple is the sum of the suppressed cells'
 * hidden roundings, so a line leaving 0 says each of its suppressed cells is under roundTo; the interval
 * it gives the suppressed cells together is no narrower than the line's bounds gave with cells rounded
 * one by one.) The release rounds twice: once before suppression, and once knowing which cells
 * suppression hid (`suppressed`: to a reader they are 0 or more, which the threshold rows use), then
 * protects again with the final values, so the audit always judges what is published.
 *
 * On the demo (20,000 persons) no group falls back, and 4,567 of 83,113 count cells (5.5%) go to the
 * multiple that is not their nearest.
 */
export interface ControlledRounding {
  /** The rounded value of every cell by id (counts; a mean cell keeps its persons rounded to nearest). */
  rounded: number[];
  /** Cells of groups rounded cell by cell (no controlled rounding found). */
  fallback: number[];
}

/**
 * `orders`: pairs [small, large] of count cells a reader knows are ordered (a rate's numerator and
 * denominator): their rounded values keep the order, or the published pair would narrow both (40 of 35
 * says 36..39 of 36..39).
 * `suppressed`: the cells protection hid, once known. Without it the rounding is provisional (it only
 * feeds the first protection, whose suppressions the final rounding then knows) and leaves out the
 * threshold rows, which depend on what is suppressed: on a 3,000-person demo they made the provisional
 * rounding take 58 solves of one group instead of 1, most of a run's time.
 */
export function controlledRounding(
  graph: Graph,
  roundTo: number,
  orders: readonly [number, number][] = [],
  suppressed?: ReadonlySet<number>,
): ControlledRounding {
  const rounded = graph.cells.map((cell) => roundCount(cell.value, roundTo));
  const fallback: number[] = [];
  if (roundTo <= 1) return { rounded, fallback };
  const below = (id: number) => Math.floor(graph.cells[id]!.value / roundTo) * roundTo;
  const free = (id: number) => graph.cells[id]!.value % roundTo !== 0;
  for (const cell of graph.cells) if (!free(cell.id)) rounded[cell.id] = cell.value;
  // Lines of counts that add up in the true counts ("source" totals are distinct persons: no sums).
  const value = (id: number) => graph.cells[id]!.value;
  const lines = graph.lines.filter(
    (line) =>
      graph.cells[line.parent]!.kind === "count" &&
      line.children.reduce((sum, child) => sum + value(child), 0) === value(line.parent),
  );
  const parent = graph.cells.map((cell) => cell.id);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const linesOfGroup = new Map<number, number[]>();
  const freeMembers = lines.map((line) => membersOf(line).filter(free));
  for (const members of freeMembers) {
    for (const m of members.slice(1)) parent[find(m)] = find(members[0]!);
  }
  // An order binds only two cells between the same multiples (else any rounding keeps it).
  const binding = orders.filter(
    ([small, large]) =>
      small !== large &&
      free(small) &&
      free(large) &&
      below(small) === below(large) &&
      value(small) <= value(large),
  );
  for (const [small, large] of binding) parent[find(small)] = find(large);
  for (const [index, members] of freeMembers.entries()) {
    if (members.length === 0) continue;
    const root = find(members[0]!);
    const list = linesOfGroup.get(root) ?? [];
    list.push(index);
    linesOfGroup.set(root, list);
  }
  const ordersOfGroup = new Map<number, [number, number][]>();
  for (const pair of binding) {
    const root = find(pair[0]);
    ordersOfGroup.set(root, [...(ordersOfGroup.get(root) ?? []), pair]);
  }
  const cellsOfGroup = new Map<number, number[]>();
  for (const cell of graph.cells) {
    const root = find(cell.id);
    if (cell.kind !== "count" || !free(cell.id)) continue;
    if (!linesOfGroup.has(root) && !ordersOfGroup.has(root)) continue;
    const list = cellsOfGroup.get(find(cell.id)) ?? [];
    list.push(cell.id);
    cellsOfGroup.set(find(cell.id), list);
  }
  for (const [root, ids] of cellsOfGroup) {
    const column = new Map(ids.map((id, j) => [id, j]));
    // x_j = 1: cell j goes up. A line: parent = sum(children), in multiples of roundTo beyond the floors.
    const equalities = (linesOfGroup.get(root) ?? []).map((index) => {
      const line = lines[index]!;
      const vars: number[] = [];
      const coefs: number[] = [];
      let rhs = -below(line.parent);
      for (const child of line.children) rhs += below(child);
      const add = (id: number, coef: number) => {
        const j = column.get(id);
        if (j === undefined) return;
        vars.push(j);
        coefs.push(coef);
      };
      add(line.parent, -1);
      for (const child of line.children) add(child, 1);
      return { vars, coefs, rhs: -rhs / roundTo };
    });
    // Distance to the true count: up costs (above - v), down (v - below); a tie goes up (halves up).
    const cost = ids.map((id) => {
      const v = value(id);
      const down = v - below(id);
      const up = below(id) + roundTo - v;
      return up - down - (up === down ? 1e-6 : 0);
    });
    // An order: up(small) <= up(large), as up(small) - up(large) + slack = 0 with a slack of 0 or 1.
    const orderRows = (ordersOfGroup.get(root) ?? []).map(([small, large]) => ({
      vars: [column.get(small)!, column.get(large)!],
      coefs: [1, -1],
      rhs: 0,
      slack: 1,
    }));
    // Thresholds: a published 5 is 5..9, not 1..9 (1..4 are suppressed), so a line of small cells can
    // say more than its total's rounding: two 5s under a total of 10 say 10..14. Where that can happen,
    // the line's losses to thresholds must stay within what its total's interval already has room for:
    // sum(clip of children) - clip of parent <= (children - 1) x (roundTo - 1), where a cell's clip is how
    // far its published interval's low end sits above r - (roundTo - 1). Tried first; dropped if the
    // group cannot be rounded with it (cells that are multiples already can leave no choice).
    const clipOf = (id: number, up: 0 | 1) => {
      const r = free(id) ? below(id) + up * roundTo : value(id);
      // A suppressed cell is 0 or more to a reader: room, not a loss.
      const low = suppressed?.has(id) ? 0 : publishedInterval(r, roundTo, graph.cells[id]!.threshold)[0];
      return low - (r - (roundTo - 1));
    };
    const clipRows = (suppressed ? (linesOfGroup.get(root) ?? []) : []).flatMap((index) => {
      const line = lines[index]!;
      const room = (line.children.length - 1) * (roundTo - 1);
      let rhs = room;
      let most = 0;
      const vars: number[] = [];
      const coefs: number[] = [];
      for (const [id, sign] of [[line.parent, -1] as const, ...line.children.map((c) => [c, 1] as const)]) {
        const down = clipOf(id, 0);
        const up = clipOf(id, 1);
        rhs -= sign * down;
        most += Math.max(sign * down, sign * up);
        const j = column.get(id);
        if (j !== undefined && up !== down) {
          vars.push(j);
          coefs.push(sign * (up - down));
        }
      }
      if (most <= room) return [];
      return [{ vars, coefs, rhs, slack: Number.POSITIVE_INFINITY }];
    });
    // Solved as a linear programme; a fractional vertex (the threshold rows are not a network) is dived
    // on: the fractional choice nearest to whole is fixed, the rest solved again, a few times at most.
    const attempt = (extra: { vars: number[]; coefs: number[]; rhs: number; slack: number }[]) => {
      const rows = [
        ...equalities,
        ...extra.map((row, k) => ({
          vars: [...row.vars, ids.length + k],
          coefs: [...row.coefs, 1],
          rhs: row.rhs,
        })),
      ];
      const costs = [...cost, ...extra.map(() => 0)];
      const lower = costs.map(() => 0);
      const upper = [...ids.map(() => 1), ...extra.map((row) => row.slack)];
      for (let dive = 0; dive <= 2000; dive++) {
        let solution: number[] | null = null;
        try {
          solution = minimiseLinear({ lower, upper, equalities: rows }, costs);
        } catch (error) {
          if (!(error instanceof InfeasibleError)) throw error;
        }
        if (!solution) return null;
        const choice = solution.map((x) => Math.round(x));
        const fractional = ids
          .map((_, j) => j)
          .filter((j) => Math.abs(solution![j]! - choice[j]!) >= 1e-6)
          .sort(
            (a, b) => Math.abs(solution![a]! - choice[a]!) - Math.abs(solution![b]! - choice[b]!) || a - b,
          );
        if (fractional.length === 0) {
          const whole =
            solution.every((x, j) => Math.abs(x - choice[j]!) < 1e-6) &&
            rows.every((eq) => eq.vars.reduce((sum, j, k) => sum + eq.coefs[k]! * choice[j]!, 0) === eq.rhs);
          return whole ? choice : null;
        }
        const j = fractional[0]!;
        lower[j] = choice[j]!;
        upper[j] = choice[j]!;
      }
      return null;
    };
    // The threshold rows a solution breaks are added and the group solved again: all of them at once,
    // or, when that has no solution (a row that no rounding can meet), one by one, each kept if it can be.
    let choice = attempt(orderRows);
    const active: typeof clipRows = [];
    const dropped = new Set<(typeof clipRows)[number]>();
    for (let round = 0; choice && round < 20; round++) {
      const broken = clipRows.filter(
        (row) =>
          !active.includes(row) &&
          !dropped.has(row) &&
          row.vars.reduce((sum, j, k) => sum + row.coefs[k]! * choice![j]!, 0) > row.rhs,
      );
      if (broken.length === 0) break;
      const all = attempt([...orderRows, ...active, ...broken]);
      if (all) {
        active.push(...broken);
        choice = all;
        continue;
      }
      for (const row of broken) {
        const next = attempt([...orderRows, ...active, row]);
        if (next) {
          active.push(row);
          choice = next;
        } else dropped.add(row);
      }
    }
    if (!choice) {
      fallback.push(...ids);
      continue;
    }
    for (const [j, id] of ids.entries()) rounded[id] = below(id) + choice[j]! * roundTo;
  }
  return { rounded, fallback };
}
