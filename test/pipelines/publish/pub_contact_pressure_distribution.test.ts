import { afterEach, describe, expect, it } from "vitest";
import { runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { loadContacts, loadMailings, type MailingRow } from "../core/fct_mailings.helpers.ts";

describe("pub_contact_pressure_distribution", () => {
  let warehouse: Warehouse;
  afterEach(() => warehouse?.close());

  it("puts each person in the band of their busiest 7 and 30 days, marks bands over the cap, and protects them with their total", async () => {
    warehouse = await modelWarehouse();
    const contacts = Array.from({ length: 18 }, (_, i) => `C${i}`);
    await loadContacts(warehouse, contacts);
    const rows: MailingRow[] = [];
    contacts.forEach((contact, i) => {
      // C0-C9: one message; C10-C14: five in five days (over the 7-day cap of 4); C15-C17: two (a suppressed band)
      const messages = i < 10 ? 1 : i < 15 ? 5 : 2;
      for (let m = 0; m < messages; m++) {
        rows.push([`M${i}-${m}`, contact, "Admissions Office", "AO-2026-03", `2026-03-0${m + 1} 10:00:00`]);
      }
    });
    await loadMailings(warehouse, rows);
    await runModels(warehouse);
    const published = await warehouse.all<Record<string, unknown>>(
      `SELECT period, band, cap, total_over IS NOT NULL AS total, persons
         FROM publish.pub_contact_pressure_distribution
        ORDER BY period DESC, total, band_order`,
    );
    // The band of 3 persons is suppressed; the published total would give it away, so the smallest other
    // band of its period (5) is suppressed with it. The total of 18 persons is rounded to 20.
    expect(published.map((row) => Object.values(row))).toEqual([
      ["7 days", "1", "within the cap", false, 10],
      ["7 days", "2", "within the cap", false, null],
      ["7 days", "5", "over the cap", false, null],
      ["7 days", null, null, true, 20],
      ["30 days", "1", "within the cap", false, 10],
      ["30 days", "2", "within the cap", false, null],
      ["30 days", "5", "within the cap", false, null],
      ["30 days", null, null, true, 20],
    ]);
  }, 60_000);
});
