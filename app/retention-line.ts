import type { RetentionItem } from "../pipelines/privacy/retention.ts";
import { count } from "./format.ts";

/** One line naming what retention has made due, said by every run and by `slm retention due`. */
export function retentionLine(items: RetentionItem[]): string {
  const due = items.filter((item) => item.rows > 0);
  if (due.length === 0) return "retention: nothing due";
  const total = due.reduce((sum, item) => sum + item.rows, 0);
  const parts = due.map((item) => `${item.category} ${count(item.rows)} (${item.raw_table})`);
  return `retention: ${count(total)} rows due: ${parts.join(", ")}; \`slm retention apply\` removes them`;
}
