// Types of headline.js for the TypeScript tests (the site itself loads the .js).
type Row = Record<string, unknown>;
export function funnelRow(
  funnel: Row[],
  at: { intake: string; stage: string; ordering?: string },
): Row | null;
export function progressRow(
  progress: Row[],
  at: { intake: string; stage: string; weeks: number },
): Row | null;
export function stageCount(
  data: { funnel: Row[]; progress: Row[] },
  at: { intake: string; stage: string; weeks?: number | null },
): { persons: number | null; suppressed: boolean; source: "funnel" | "progress" };
export function cumulative(
  row: Row | null,
): { num: number | null; den: number | null; rate: number | null } | null;
