/**
 * A small dense simplex (two phases, Bland's rule) for the interval audit: the least and greatest value
 * each target variable can take subject to linear equalities and bounds. Audited systems are the
 * aggregate tables of one release (tens to hundreds of cells), so a dense tableau is enough.
 */

export interface LinearSystem {
  /** Bounds per variable; upper may be Infinity. */
  lower: number[];
  upper: number[];
  /** Each: sum(coefs[i] * x[vars[i]]) = rhs. */
  equalities: { vars: number[]; coefs: number[]; rhs: number }[];
}

export class InfeasibleError extends Error {
  override name = "InfeasibleError";
}

const EPS = 1e-9;

interface Tableau {
  rows: Float64Array[];
  basis: number[];
  /** Columns: variables, then slacks, then artificials; the last entry of a row is its right-hand side. */
  width: number;
  artificialFrom: number;
}

function pivot(t: Tableau, objective: Float64Array | null, row: number, col: number): void {
  const pivotRow = t.rows[row]!;
  const factor = pivotRow[col]!;
  for (let j = 0; j <= t.width; j++) pivotRow[j]! /= factor;
  const eliminate = (target: Float64Array) => {
    const f = target[col]!;
    if (f === 0) return;
    for (let j = 0; j <= t.width; j++) target[j]! -= f * pivotRow[j]!;
    target[col] = 0;
  };
  for (let r = 0; r < t.rows.length; r++) if (r !== row) eliminate(t.rows[r]!);
  if (objective) eliminate(objective);
  t.basis[row] = col;
}

/**
 * Minimises the objective row (reduced costs, its last entry minus the objective value) over columns
 * below `allowed`. Returns false when unbounded.
 */
function minimise(t: Tableau, objective: Float64Array, allowed: number): boolean {
  for (let iteration = 0; iteration < 50_000; iteration++) {
    let col = -1;
    for (let j = 0; j < allowed; j++) {
      if (objective[j]! < -EPS) {
        col = j;
        break;
      }
    }
    if (col < 0) return true;
    let row = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < t.rows.length; r++) {
      const a = t.rows[r]![col]!;
      if (a <= EPS) continue;
      const ratio = t.rows[r]![t.width]! / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && t.basis[r]! < t.basis[row]!)) {
        best = ratio;
        row = r;
      }
    }
    if (row < 0) return false;
    pivot(t, objective, row, col);
  }
  throw new Error("simplex did not converge");
}

function objectiveRow(t: Tableau, cost: (col: number) => number): Float64Array {
  const row = new Float64Array(t.width + 1);
  for (let j = 0; j < t.width; j++) row[j] = cost(j);
  for (let r = 0; r < t.rows.length; r++) {
    const c = cost(t.basis[r]!);
    if (c === 0) continue;
    const source = t.rows[r]!;
    for (let j = 0; j <= t.width; j++) row[j]! -= c * source[j]!;
  }
  return row;
}

/** A feasible basis for the system, shifted so every variable is >= 0 (x = lower + y). */
function feasible(system: LinearSystem): Tableau {
  const n = system.lower.length;
  for (let i = 0; i < n; i++) {
    if (!(system.lower[i]! <= system.upper[i]!)) throw new InfeasibleError(`variable ${i} has empty bounds`);
  }
  const bounded = [...Array(n).keys()].filter((i) => Number.isFinite(system.upper[i]!));
  const m = system.equalities.length + bounded.length;
  const artificialFrom = n + bounded.length;
  const width = artificialFrom + system.equalities.length;
  const rows: Float64Array[] = [];
  const basis: number[] = [];
  for (const [e, eq] of system.equalities.entries()) {
    const row = new Float64Array(width + 1);
    let rhs = eq.rhs;
    for (const [k, v] of eq.vars.entries()) {
      row[v]! += eq.coefs[k]!;
      rhs -= eq.coefs[k]! * system.lower[v]!;
    }
    row[width] = rhs;
    if (rhs < 0) for (let j = 0; j <= width; j++) row[j] = -row[j]!;
    row[artificialFrom + e] = 1;
    rows.push(row);
    basis.push(artificialFrom + e);
  }
  for (const [s, i] of bounded.entries()) {
    const row = new Float64Array(width + 1);
    row[i] = 1;
    row[n + s] = 1;
    row[width] = system.upper[i]! - system.lower[i]!;
    rows.push(row);
    basis.push(n + s);
  }
  const t: Tableau = { rows, basis, width, artificialFrom };
  if (m === 0) return t;
  const phase1 = objectiveRow(t, (j) => (j >= artificialFrom ? 1 : 0));
  minimise(t, phase1, width);
  if (-phase1[width]! > 1e-7) throw new InfeasibleError("the audited system has no solution");
  // Drive artificials out of the basis; a row that cannot lose its artificial is redundant.
  for (let r = t.rows.length - 1; r >= 0; r--) {
    if (t.basis[r]! < artificialFrom) continue;
    const row = t.rows[r]!;
    let col = -1;
    for (let j = 0; j < artificialFrom; j++) {
      if (Math.abs(row[j]!) > EPS) {
        col = j;
        break;
      }
    }
    if (col >= 0) pivot(t, null, r, col);
    else {
      t.rows.splice(r, 1);
      t.basis.splice(r, 1);
    }
  }
  return t;
}

function copy(t: Tableau): Tableau {
  return { ...t, rows: t.rows.map((row) => row.slice()), basis: [...t.basis] };
}

/** [min, max] of each target variable over the system's solutions (max may be Infinity). */
export function variableRanges(system: LinearSystem, targets: number[]): Map<number, [number, number]> {
  const base = feasible(system);
  const ranges = new Map<number, [number, number]>();
  const extreme = (target: number, sign: 1 | -1): number => {
    const t = copy(base);
    const objective = objectiveRow(t, (j) => (j === target ? sign : 0));
    if (!minimise(t, objective, t.artificialFrom))
      return sign === 1 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    // objective[width] holds minus the optimum of sign * y_target.
    return system.lower[target]! + sign * -objective[t.width]!;
  };
  for (const target of targets) ranges.set(target, [extreme(target, 1), extreme(target, -1)]);
  return ranges;
}

/**
 * A solution of the system that minimises sum(cost[i] * x[i]): a vertex of the polytope (so integral
 * when the system's matrix is totally unimodular and its bounds and right-hand sides are integers), or
 * null when the objective is unbounded. Throws InfeasibleError when there is no solution.
 */
export function minimiseLinear(system: LinearSystem, cost: number[]): number[] | null {
  const t = feasible(system);
  const n = system.lower.length;
  const objective = objectiveRow(t, (j) => (j < n ? cost[j]! : 0));
  if (!minimise(t, objective, t.artificialFrom)) return null;
  const y = new Array<number>(n).fill(0);
  for (const [r, col] of t.basis.entries()) if (col < n) y[col] = t.rows[r]![t.width]!;
  return y.map((v, i) => system.lower[i]! + v);
}
