import { userInfo } from "node:os";
import type { Warehouse } from "./connection.ts";

/** Who ran what, with counts — never the personal data itself (DESIGN §7). */
export async function audit(
  warehouse: Warehouse,
  command: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  let actor = "unknown";
  try {
    actor = userInfo().username;
  } catch {
    // Containers without a passwd entry: keep "unknown" rather than fail the command.
  }
  await warehouse.run("INSERT INTO meta.audit_log VALUES (now(), $1, $2, $3)", [
    actor,
    command,
    JSON.stringify(detail),
  ]);
}
