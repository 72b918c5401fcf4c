import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOrder, discoverModels } from "../../../pipelines/models.ts";
import { type RunResult, runModels } from "../../../pipelines/runner.ts";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import {
  type ConsentRow,
  loadConsents,
  loadContacts,
  loadMailings,
  type MailingRow,
} from "../core/fct_mailings.helpers.ts";

const AO = "Admissions Office";
const IO = "International Office";
const FT = "Faculty of Technology";

/** The mailing marts a daily mailings file changes, each patched or rebuilt. */
const MARTS = [
  "marts.mart_contact_pressure",
  "marts.mart_contact_collisions",
  "marts.mart_contact_cap_breaches",
  "marts.mart_contact_peak_bands",
  "marts.mart_campaign_counts",
  "marts.mart_campaign_collided_persons",
  "marts.mart_contact_by_campaign",
  "marts.mart_contact_audience_overlap",
  "marts.mart_consent_withdrawals_by_sender",
  "marts.mart_consent_coverage",
  "marts.mart_bounce_counts_by_sender",
  "marts.mart_bounces_by_sender",
];

const FIRST: MailingRow[] = [
  // P1: a collision (AO then IO a day later)
  ["M01", "P1", AO, "AO-1", "2026-01-01 10:00:00"],
  ["M02", "P1", IO, "IO-1", "2026-01-02 10:00:00"],
  // P2: one message, no collision yet
  ["M11", "P2", AO, "AO-1", "2026-01-01 10:00:00"],
  // P3: untouched by the second file
  ["M21", "P3", AO, "AO-2", "2026-02-01 10:00:00"],
  ["M22", "P3", FT, "FT-1", "2026-02-02 10:00:00"],
];

/**
 * The next day's file: P2 gets a collision, P1 a third message (two more pairs, and the last sender before
 * P1's withdrawal) and a first one in February (a second month of P1's, in a cell P3 is counted in too), P4 a
 * first message, and M22 comes again from another department (P3's FT cells go).
 */
const SECOND: MailingRow[] = [
  ["M12", "P2", FT, "FT-1", "2026-01-02 09:00:00"],
  ["M03", "P1", FT, "FT-1", "2026-01-02 12:00:00"],
  ["M04", "P1", AO, "AO-2", "2026-02-20 10:00:00"],
  ["M31", "P4", AO, "AO-1", "2026-01-01 10:00:00"],
  ["M22", "P3", IO, "IO-2", "2026-02-02 10:00:00"],
];

/** P1 withdraws after the messages of 2 January; P4's withdrawal has no message before it. */
const CONSENTS: ConsentRow[] = [
  ["C1", "P1", "marketing", "2025-06-01 00:00:00", "2026-01-03 08:00:00", null],
  ["C4", "P4", "marketing", "2025-06-01 00:00:00", "2025-12-01 08:00:00", null],
];

/** The models the marts need, in build order. */
const modelsFor = (marts: string[]) => {
  const all = discoverModels();
  const byName = new Map(all.map((model) => [model.name, model]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of byName.get(name)!.dependsOn) visit(dep);
  };
  for (const name of marts) visit(name);
  return buildOrder(all.filter((model) => needed.has(model.name)));
};

describe("the mailing marts after a daily file, patched for the persons it mails", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await loadContacts(warehouse, ["P1", "P2", "P3", "P4"]);
    await loadMailings(warehouse, FIRST);
    await loadConsents(warehouse, CONSENTS);
  });
  afterEach(() => warehouse.close());

  const run = (skipUnchanged: boolean) =>
    runModels(warehouse, undefined, modelsFor(MARTS), { track: true, skipUnchanged });
  const how = (result: RunResult) =>
    Object.fromEntries(
      result.models
        .filter((m) => MARTS.includes(m.model))
        .map((m) => [m.model, m.skipped ? "kept" : m.incremental ? "incremental" : "whole"]),
    );
  const contents = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of MARTS) out[table] = await warehouse.all(`SELECT * FROM ${table} ORDER BY ALL`);
    return out;
  };
  it("patches the persons mailed, or their sums, to what a full rebuild gives", async () => {
    await run(false);
    expect(await warehouse.scalar("SELECT count(*)::INTEGER FROM marts.mart_contact_collisions")).toBe(2);
    await loadMailings(warehouse, SECOND, 2);
    const incremental = await run(true);
    expect(how(incremental)).toEqual({
      "marts.mart_contact_pressure": "incremental",
      "marts.mart_contact_collisions": "incremental",
      "marts.mart_contact_cap_breaches": "incremental",
      "marts.mart_contact_peak_bands": "incremental",
      "marts.mart_campaign_counts": "incremental",
      "marts.mart_campaign_collided_persons": "incremental",
      // a join of the two above and a min/max per campaign, which no sum patches: rebuilt
      "marts.mart_contact_by_campaign": "whole",
      "marts.mart_contact_audience_overlap": "incremental",
      "marts.mart_consent_withdrawals_by_sender": "incremental",
      "marts.mart_consent_coverage": "incremental",
      "marts.mart_bounce_counts_by_sender": "incremental",
      // its intervals over the counts' few rows: rebuilt, from the patched counts
      "marts.mart_bounces_by_sender": "whole",
    });
    const patched = await contents();
    // P1: M01-M02, M01-M03, M02-M03; P2: M11-M12; P3: M21-M22 (kept as it was)
    expect(patched["marts.mart_contact_collisions"]).toHaveLength(5);
    const cell = (month: string, a: string, b: string) =>
      `SELECT persons FROM marts.mart_contact_audience_overlap WHERE strftime(month, '%Y-%m') = '${month}' AND department_a = '${a}' AND department_b = '${b}'`;
    expect(await warehouse.all(cell("2026-02", FT, FT))).toEqual([]);
    expect(await warehouse.all(cell("2026-01", AO, FT))).toEqual([{ persons: 2 }]);
    // P1's February beside P3's, whose February changed too
    expect(await warehouse.all(cell("2026-02", AO, AO))).toEqual([{ persons: 2 }]);
    expect(await warehouse.all(cell("2026-02", AO, IO))).toEqual([{ persons: 1 }]);
    // P1's withdrawal moves from IO's last message to FT's
    expect(
      await warehouse.all(
        `SELECT strftime(month, '%Y-%m') AS month, department, withdrawals FROM marts.mart_consent_withdrawals_by_sender
          WHERE withdrawals > 0 ORDER BY ALL`,
      ),
    ).toEqual([
      { month: "2025-12", department: "(none)", withdrawals: 1 },
      { month: "2026-01", department: FT, withdrawals: 1 },
    ]);
    await run(false);
    expect(await contents()).toEqual(patched);
  });
});

describe("the cap breaches after a daily file, patched for the persons it mails", () => {
  let warehouse: Warehouse;
  afterEach(() => warehouse.close());

  it("gives the persons over a cap of 1 message per 7 days what a full rebuild gives", async () => {
    warehouse = await modelWarehouse({ outreach: { capPer7Days: 1 } });
    await loadContacts(warehouse, ["P1", "P2", "P3", "P4"]);
    await loadMailings(warehouse, FIRST);
    const models = modelsFor(["marts.mart_contact_cap_breaches"]);
    const run = (skipUnchanged: boolean) =>
      runModels(warehouse, undefined, models, { track: true, skipUnchanged });
    const breaches = () =>
      warehouse.all(
        `SELECT max_messages_7_days AS peak, messages_over_cap AS over, top_department AS top
           FROM marts.mart_contact_cap_breaches ORDER BY ALL`,
      );
    await run(false);
    // P1: AO then IO a day later; P3: AO then FT (a tie of one message each goes to the first name)
    expect(await breaches()).toEqual([
      { peak: 2, over: 1, top: AO },
      { peak: 2, over: 1, top: AO },
    ]);
    await loadMailings(warehouse, SECOND, 2);
    const patched = await run(true);
    expect(patched.models.find((m) => m.model === "marts.mart_contact_cap_breaches")?.incremental).toBe(true);
    // P1 gets a third message within the 7 days, P2 a second; P4's one message stays within the cap
    const after = await breaches();
    expect(after).toEqual([
      { peak: 2, over: 1, top: AO },
      { peak: 2, over: 1, top: AO },
      { peak: 3, over: 2, top: AO },
    ]);
    await run(false);
    expect(await breaches()).toEqual(after);
  });
});
