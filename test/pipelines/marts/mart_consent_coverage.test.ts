import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import {
  contactsByPerson,
  loadConsents,
  loadContacts,
  loadMailings,
  runUpstreamOf,
} from "../core/fct_mailings.helpers.ts";

const AO = "Admissions Office";
const AR = "Alumni Relations";
const SS = "Student Services";

// The reference date of modelWarehouse() is 2026-11-23.
describe("consents and their coverage of mailed audiences", () => {
  let warehouse: Warehouse;
  let contactOf: Map<string, string>;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await loadContacts(warehouse, ["P1", "P2", "P3", "P4", "P5"]);
    await loadConsents(warehouse, [
      ["K1", "P1", "marketing", "2025-01-01 10:00:00", null, "2027-01-01 10:00:00"], // valid
      ["K2", "P2", "Marketing ", "2024-01-01 10:00:00", null, "2026-01-01 10:00:00"], // expired before the reference date
      ["K3", "P3", "marketing", "2025-06-01 10:00:00", "2026-03-15 12:00:00", null], // withdrawn
      ["K4", "P4", "alumni_relations", "2025-01-01 10:00:00", null, null], // valid
      ["K5", "P5", "newsletter", "2026-11-23 18:00:00", null, null], // given on the reference day: valid
      ["K6", "P5", "research", "2026-11-24 09:00:00", null, null], // given after it: not yet
      ["K7", "NOBODY", "marketing", "2025-01-01 10:00:00", null, null], // unknown contact: left out
    ]);
    await loadMailings(warehouse, [
      ["M1", "P1", AO, "AO-2026-03", "2026-03-03 10:00:00"], // covered
      ["M2", "P2", AO, "AO-2026-03", "2026-03-03 10:00:00"], // consent expired 2026-01-01: not covered
      ["M3", "P3", AO, "AO-2026-03", "2026-03-03 10:00:00"], // covered (withdrawn later)
      ["M4", "P3", AO, "AO-2026-04", "2026-04-03 10:00:00"], // after withdrawal: not covered
      ["M5", "P4", AR, "AR-2026-03", "2026-03-24 10:00:00"], // alumni relations: covered
      ["M6", "P1", AR, "AR-2026-03", "2026-03-24 10:00:00"], // no alumni consent
      ["M7", "P5", SS, "SS-2026-03", "2026-03-24 10:00:00"], // needs no consent
    ]);
    await runUpstreamOf(warehouse, [
      "core.fct_consents",
      "marts.mart_consent_coverage",
      "marts.mart_consent_withdrawals_by_sender",
    ]);
    contactOf = await contactsByPerson(warehouse);
  });
  afterEach(() => warehouse.close());

  it("keeps one row per consent of a known person, valid as of the reference date", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      `SELECT consent_id, person_id::VARCHAR AS person, purpose, legal_basis, source_form, text_version,
              strftime(valid_as_of, '%Y-%m-%d') AS as_of, is_valid, status
         FROM core.fct_consents ORDER BY consent_id`,
    );
    expect(rows.map(({ person, ...rest }) => ({ contact: contactOf.get(String(person)), ...rest }))).toEqual(
      [
        ["K1", "P1", "marketing", true, "valid"],
        ["K2", "P2", "marketing", false, "expired"],
        ["K3", "P3", "marketing", false, "withdrawn"],
        ["K4", "P4", "alumni_relations", true, "valid"],
        ["K5", "P5", "newsletter", true, "valid"],
        ["K6", "P5", "research", false, "not_yet_given"],
      ].map(([consent_id, contact, purpose, is_valid, status]) => ({
        contact,
        consent_id,
        purpose,
        legal_basis: "consent",
        source_form: "inquiry",
        text_version: "v2024-09",
        as_of: "2026-11-23",
        is_valid,
        status,
      })),
    );
  });

  it("measures each department's mailed audience against a consent valid when the message was sent", async () => {
    expect(await warehouse.all("SELECT * FROM marts.mart_consent_coverage")).toEqual([
      {
        department: AO,
        purpose: "marketing",
        persons_covered_at_send_num: 1,
        persons_mailed_den: 3,
        messages_covered_at_send_num: 2,
        messages_den: 4,
        persons_valid_now_num: 1,
      },
      {
        department: AR,
        purpose: "alumni_relations",
        persons_covered_at_send_num: 1,
        persons_mailed_den: 2,
        messages_covered_at_send_num: 1,
        messages_den: 2,
        persons_valid_now_num: 1,
      },
      {
        department: SS,
        purpose: "none",
        persons_covered_at_send_num: null,
        persons_mailed_den: 1,
        messages_covered_at_send_num: null,
        messages_den: 1,
        persons_valid_now_num: null,
      },
    ]);
  });

  it("attributes a withdrawal to the last department that mailed the person in the 30 days before", async () => {
    expect(
      await warehouse.all(
        `SELECT strftime(month, '%Y-%m') AS month, department, withdrawals, persons_withdrawing_num, persons_mailed_den
           FROM marts.mart_consent_withdrawals_by_sender`,
      ),
    ).toEqual([
      { month: "2026-03", department: AO, withdrawals: 1, persons_withdrawing_num: 1, persons_mailed_den: 3 },
      { month: "2026-03", department: AR, withdrawals: 0, persons_withdrawing_num: 0, persons_mailed_den: 2 },
      { month: "2026-03", department: SS, withdrawals: 0, persons_withdrawing_num: 0, persons_mailed_den: 1 },
      { month: "2026-04", department: AO, withdrawals: 0, persons_withdrawing_num: 0, persons_mailed_den: 1 },
    ]);
  });
});

// Found at 1M demo persons: a withdrawal counted in its own month, attributed to a department that mailed the person
// the month before, made a department's opt-out rate 55 of 50 and disclosure control stopped the run.
describe("opt-outs by sender: a withdrawal counts with the message before it", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await loadContacts(warehouse, ["P1", "P2"]);
    await loadConsents(warehouse, [
      ["K1", "P1", "marketing", "2025-01-01 10:00:00", "2026-04-05 09:00:00", null], // withdrawn 12 days after M1
      ["K2", "P2", "marketing", "2025-01-01 10:00:00", null, null],
    ]);
    await loadMailings(warehouse, [
      ["M1", "P1", AO, "AO-2026-03", "2026-03-24 10:00:00"],
      ["M2", "P2", AO, "AO-2026-04", "2026-04-02 10:00:00"],
    ]);
    await runUpstreamOf(warehouse, ["marts.mart_consent_withdrawals_by_sender"]);
  });
  afterEach(() => warehouse.close());

  it("in the month of the department's last message, where the person is among those mailed", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      `SELECT strftime(month, '%Y-%m') AS month, department, persons_withdrawing_num, persons_mailed_den
         FROM marts.mart_consent_withdrawals_by_sender ORDER BY month`,
    );
    expect(rows).toEqual([
      { month: "2026-03", department: AO, persons_withdrawing_num: 1, persons_mailed_den: 1 },
      { month: "2026-04", department: AO, persons_withdrawing_num: 0, persons_mailed_den: 1 },
    ]);
    // a rate never above 1: every person counted as withdrawing is among the persons mailed
    for (const row of rows)
      expect(Number(row.persons_withdrawing_num)).toBeLessThanOrEqual(Number(row.persons_mailed_den));
  });
});
