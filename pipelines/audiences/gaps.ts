import { readFileSync } from "node:fs";
import type { Warehouse } from "../../warehouse/connection.ts";
import { registerPlannedRecipients } from "../outreach/check.ts";

const GAPS = readFileSync(new URL("./gaps.sql", import.meta.url), "utf8");

/** One open question for one programme and intake (gaps.sql): persons open, with consent, and left without mail. */
export interface GapRow {
  question: "inquired_no_open_day" | "admitted_no_reply";
  programme_code: string | null;
  intake: string | null;
  persons_open: number;
  with_consent: number;
  nothing_in_days: number;
}

/**
 * "Less": persons with a valid consent for `purpose` and an open question on the reference date who got nothing
 * in the `days` up to it. Needs the built models and the model functions.
 */
export async function audienceGaps(warehouse: Warehouse, purpose: string, days: number): Promise<GapRow[]> {
  await registerPlannedRecipients(warehouse);
  return warehouse.all<GapRow>(GAPS, [purpose, days]);
}
