/**
 * A small dense simplex for the disclosure engine: the interval audit (the least and greatest value each
 * target variable can take subject to linear equalities and bounds) and controlled rounding (a cheapest
 * vertex). Systems are the aggregate tables of one release (tens to hundreds of cells), so a dense tableau
 * is enough, but it is solved many times per release, so it is kept small and its steps cheap:
 * - bounds are handled by the upper-bounding technique (a variable at its upper bound is complemented,
 *   y' = u - y), not by a row and a slack per bounded variable: that tripled the tableau of a rounding
 *   problem (every 0/1 choice is bounded) and made one `slm run` spend 25 s here;
 * - the entering column is the most negative reduced cost (Dantzig), falling back to Bland's rule, which
 *   cannot cycle, after a run of degenerate steps (these problems are highly degenerate);
 * - a pivot updates only the columns where the pivot row is non-zero.
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
/** Degenerate steps in a row after which the entering rule turns to Bland's. */
const DEGENERATE_RUN = 50;

interface Tableau {
  rows: Float64Array[];
  basis: number[];
  /** Columns: shifted variables (y = x - lower), then one artificial per equality; then the right-hand side. */
  width: number;
  artificialFrom: number;
  /** Upper bound of each column's variable (Infinity for unbounded ones and artificials). */
  upper: Float64Array;
  /** Column j currently stands for upper[j] - y_j (its variable sits at, or moves from, its upper bound). */
  flipped: Uint8Array;
}

/** Replaces column `col`'s variable y by u - y' in every row and the objective (when given). */
function complementColumn(t: Tableau, objective: Float64Array | null, col: number): void {
  const u = t.upper[col]!;
  for (const row of objective ? [...t.rows, objective] : t.rows) {
    const a = row[col]!;
    if (a === 0) continue;
    row[t.width]! -= a * u;
    row[col] = -a;
  }
  t.flipped[col] = t.flipped[col]! ^ 1;
}

/** Complements the variable basic in `row` (its column is 1 there and 0 elsewhere), keeping it basic. */
function complementBasic(t: Tableau, row: number): void {
  const col = t.basis[row]!;
  const r = t.rows[row]!;
  for (let j = 0; j < t.width; j++) if (r[j] !== 0) r[j] = -r[j]!;
  r[col] = 1;
  r[t.width] = t.upper[col]! - r[t.width]!;
  t.flipped[col] = t.flipped[col]! ^ 1;
}

function pivot(t: Tableau, objective: Float64Array | null, row: number, col: number): void {
  const pivotRow = t.rows[row]!;
  const factor = pivotRow[col]!;
  const nonZero: number[] = [];
  for (let j = 0; j <= t.width; j++) {
    if (pivotRow[j] === 0) continue;
    pivotRow[j]! /= factor;
    nonZero.push(j);
  }
  const eliminate = (target: Float64Array) => {
    const f = target[col]!;
    if (f === 0) return;
    for (const j of nonZero) target[j]! -= f * pivotRow[j]!;
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
  let degenerate = 0;
  for (let iteration = 0; iteration < 100_000; iteration++) {
    const bland = degenerate >= DEGENERATE_RUN;
    let col = -1;
    let best = -EPS;
    for (let j = 0; j < allowed; j++) {
      const d = objective[j]!;
      if (d >= best) continue;
      col = j;
      if (bland) break;
      best = d;
    }
    if (col < 0) return true;
    // How far the entering variable can move: to its own upper bound, or until a basic variable reaches
    // 0 (a > 0) or its upper bound (a < 0). Ties go to the smaller variable index (Bland).
    let step = t.upper[col]!;
    let leave = -1;
    let leaveVar = col;
    let toUpper = false;
    for (let r = 0; r < t.rows.length; r++) {
      const a = t.rows[r]![col]!;
      let ratio: number;
      let up: boolean;
      if (a > EPS) {
        ratio = t.rows[r]![t.width]! / a;
        up = false;
      } else if (a < -EPS && Number.isFinite(t.upper[t.basis[r]!]!)) {
        ratio = (t.upper[t.basis[r]!]! - t.rows[r]![t.width]!) / -a;
        up = true;
      } else continue;
      if (ratio < 0) ratio = 0;
      if (ratio < step - EPS || (ratio <= step + EPS && t.basis[r]! < leaveVar)) {
        step = ratio;
        leave = r;
        leaveVar = t.basis[r]!;
        toUpper = up;
      }
    }
    if (!Number.isFinite(step)) return false;
    degenerate = step <= EPS ? degenerate + 1 : 0;
    if (leave < 0) {
      // the entering variable reaches its own bound first: no change of basis
      complementColumn(t, objective, col);
      continue;
    }
    if (toUpper) complementBasic(t, leave);
    pivot(t, objective, leave, col);
  }
  throw new Error("simplex did not converge");
}

function objectiveRow(t: Tableau, cost: (col: number) => number): Float64Array {
  const row = new Float64Array(t.width + 1);
  for (let j = 0; j < t.width; j++) {
    const c = cost(j);
    if (c === 0) continue;
    // a complemented column carries -c, and c * upper into the constant
    if (t.flipped[j]) {
      row[j] = -c;
      row[t.width]! -= c * t.upper[j]!;
    } else row[j] = c;
  }
  for (let r = 0; r < t.rows.length; r++) {
    const c = row[t.basis[r]!]!;
    if (c === 0) continue;
    const source = t.rows[r]!;
    for (let j = 0; j <= t.width; j++) if (source[j] !== 0) row[j]! -= c * source[j]!;
  }
  return row;
}

/** A feasible basis for the system, shifted so every variable is >= 0 (x = lower + y). */
function feasible(system: LinearSystem): Tableau {
  const n = system.lower.length;
  for (let i = 0; i < n; i++) {
    if (!(system.lower[i]! <= system.upper[i]!)) throw new InfeasibleError(`variable ${i} has empty bounds`);
  }
  // Rows in the variables' shifted form, with non-negative right-hand sides.
  const dense = system.equalities.map((eq) => {
    const row = new Float64Array(n + 1);
    let rhs = eq.rhs;
    for (const [k, v] of eq.vars.entries()) {
      row[v]! += eq.coefs[k]!;
      rhs -= eq.coefs[k]! * system.lower[v]!;
    }
    row[n] = rhs;
    if (rhs < 0) for (let j = 0; j <= n; j++) row[j] = -row[j]!;
    return row;
  });
  // A row starts with its own slack as the basic variable when it has one (a variable in no other row,
  // whose value there fits its bounds): orders and threshold rows of a rounding problem do, and each
  // saved a phase-one pivot over the whole tableau. The other rows get an artificial.
  const rowsOf = new Array<number>(n).fill(0);
  for (const row of dense) for (let j = 0; j < n; j++) if (row[j] !== 0) rowsOf[j]!++;
  const crash = dense.map((row) => {
    for (let j = 0; j < n; j++) {
      const a = row[j]!;
      if (rowsOf[j] === 1 && a > EPS && row[n]! / a <= system.upper[j]! - system.lower[j]!) return j;
    }
    return -1;
  });
  const m = dense.length;
  const artificials = crash.filter((j) => j < 0).length;
  const artificialFrom = n;
  const width = n + artificials;
  const upper = new Float64Array(width).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) upper[i] = system.upper[i]! - system.lower[i]!;
  const rows: Float64Array[] = [];
  const basis: number[] = [];
  let next = artificialFrom;
  for (const [e, source] of dense.entries()) {
    const row = new Float64Array(width + 1);
    row.set(source.subarray(0, n));
    row[width] = source[n]!;
    const slack = crash[e]!;
    if (slack >= 0) {
      const a = row[slack]!;
      for (let j = 0; j <= width; j++) if (row[j] !== 0) row[j]! /= a;
      basis.push(slack);
    } else {
      row[next] = 1;
      basis.push(next++);
    }
    rows.push(row);
  }
  const t: Tableau = { rows, basis, width, artificialFrom, upper, flipped: new Uint8Array(width) };
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
  return {
    ...t,
    rows: t.rows.map((row) => row.slice()),
    basis: [...t.basis],
    flipped: t.flipped.slice(),
  };
}

/** The value of each original variable at the tableau's basic solution. */
function solution(t: Tableau, system: LinearSystem): number[] {
  const n = system.lower.length;
  const y = new Array<number>(n).fill(0);
  for (const [r, col] of t.basis.entries()) if (col < n) y[col] = t.rows[r]![t.width]!;
  return y.map((v, i) => system.lower[i]! + (t.flipped[i] ? t.upper[i]! - v : v));
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
    return solution(t, system)[target]!;
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
  return solution(t, system);
}
