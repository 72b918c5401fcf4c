// Types of chart.js for the TypeScript tests (the site itself loads the .js).
export function chartWidth(
  width: number,
  options?: { marginLeft?: number; marginRight?: number; plot?: number },
): number;
export function chartFrame(
  width: number,
  options?: {
    marginLeft?: number;
    marginRight?: number;
    plot?: number;
    labels?: number | string[];
    rows?: number;
  },
): { width: number; marginLeft: number; marginRight: number; height?: number };
export function labelAxis<T>(
  axis: (options: Record<string, unknown>) => T,
  frame: { marginLeft: number },
  options?: Record<string, unknown>,
): T;
export const PAIR_COLORS: string[];
