// Types of chart.js for the TypeScript tests (the site itself loads the .js).
export function chartWidth(
  width: number,
  options?: { marginLeft?: number; marginRight?: number; plot?: number },
): number;
export const PAIR_COLORS: string[];
