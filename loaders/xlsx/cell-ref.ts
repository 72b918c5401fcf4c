/** A range of cells (1-based, inclusive), as a merged range is given. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Column letters to their number: A is 1, Z 26, AA 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + letter.charCodeAt(0) - 64;
  return n;
}

const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

/** "B2:D4" (or one cell "B2") as a range, either corner first. */
export function parseRange(ref: string): MergeRange | undefined {
  const [from, to = from] = ref.split(":");
  const a = from ? CELL_REF.exec(from) : null;
  const b = to ? CELL_REF.exec(to) : null;
  if (!a || !b) return undefined;
  const [c1, r1, c2, r2] = [columnNumber(a[1]!), Number(a[2]), columnNumber(b[1]!), Number(b[2])];
  return {
    top: Math.min(r1, r2),
    left: Math.min(c1, c2),
    bottom: Math.max(r1, r2),
    right: Math.max(c1, c2),
  };
}

/** The column of a cell reference ("C7" is 3), or undefined if it is not one. */
export function cellColumn(ref: string): number | undefined {
  const match = CELL_REF.exec(ref);
  return match ? columnNumber(match[1]!) : undefined;
}
