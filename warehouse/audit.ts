import { userInfo } from "node:os";
import type { Warehouse } from "./connection.ts";

/** Connections a command has already written its own audit entry on, so withWarehouse adds none. */
const audited = new WeakSet<Warehouse>();

export function hasAudit(warehouse: Warehouse): boolean {
  return audited.has(warehouse);
}

/** The user running the command, as the audit log names them. */
export function currentActor(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers without a passwd entry: keep "unknown" rather than fail the command.
    return "unknown";
  }
}

/** Who ran what, with counts — never the personal data itself (DESIGN §7). */
export async function audit(
  warehouse: Warehouse,
  command: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await warehouse.run("INSERT INTO meta.audit_log VALUES (now(), $1, $2, $3)", [
    currentActor(),
    command,
    JSON.stringify(detail),
  ]);
  audited.add(warehouse);
}

/**
 * Counts from a command's result, for its audit entry: numbers, flags as 0 / 1 (whether clear values
 * were shown) and the lengths of lists, one level deep. Text is left out, since a result may quote a
 * person's records.
 */
export function auditCounts(result: unknown): Record<string, number> {
  if (Array.isArray(result)) return { rows: result.length };
  const counts: Record<string, number> = {};
  if (result === null || typeof result !== "object") return counts;
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "number" && Number.isFinite(value)) counts[key] = value;
    else if (typeof value === "boolean") counts[key] = value ? 1 : 0;
    else if (Array.isArray(value)) counts[key] = value.length;
  }
  return counts;
}
