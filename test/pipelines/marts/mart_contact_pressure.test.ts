import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import {
  contactsByPerson,
  loadContacts,
  loadMailings,
  type MailingRow,
  runUpstreamOf,
} from "../core/fct_mailings.helpers.ts";

const AO = "Admissions Office";
const IO = "International Office";
const FT = "Faculty of Technology";

const MARTS = [
  "marts.mart_contact_pressure",
  "marts.mart_contact_cap_breaches",
  "marts.mart_contact_collisions",
  "marts.mart_contact_by_campaign",
  "marts.mart_contact_audience_overlap",
];

const MAILINGS: MailingRow[] = [
  // P1: five in a row, the fifth exactly 7 days after the first: the first has left the window -> 4, no breach
  ["M01", "P1", AO, "AO-2026-01", "2026-01-01 10:00:00"],
  ["M02", "P1", AO, "AO-2026-01-reminder-1", "2026-01-02 10:00:00"],
  ["M03", "P1", AO, "AO-2026-01-reminder-2", "2026-01-03 10:00:00"],
  ["M04", "P1", AO, "AO-2026-01-reminder-3", "2026-01-04 10:00:00"],
  ["M05", "P1", AO, "AO-2026-01-reminder-4", "2026-01-08 10:00:00"],
  // P2: the same one second earlier -> 5 in 7 days, from two departments together: a breach
  ["M11", "P2", AO, "AO-2026-01", "2026-01-01 10:00:00"],
  ["M12", "P2", IO, "IO-2026-01", "2026-01-02 10:00:00"],
  ["M13", "P2", AO, "AO-2026-01-reminder-1", "2026-01-03 10:00:00"],
  ["M14", "P2", IO, "IO-2026-01-reminder-1", "2026-01-04 10:00:00"],
  ["M15", "P2", AO, "AO-2026-01-reminder-2", "2026-01-08 09:59:59"],
  // P3: another department 47 h later: a collision
  ["M21", "P3", AO, "AO-2026-02", "2026-02-01 10:00:00"],
  ["M22", "P3", FT, "FoT-adhoc", "2026-02-03 09:00:00"],
  // P4: 49 h later: none
  ["M31", "P4", AO, "AO-2026-02", "2026-02-01 10:00:00"],
  ["M32", "P4", FT, "FoT-adhoc", "2026-02-03 11:00:00"],
  // P5: the same department a day later: not a collision
  ["M41", "P5", AO, "AO-2026-02", "2026-02-01 10:00:00"],
  ["M42", "P5", AO, "AO-2026-02-extra", "2026-02-02 10:00:00"],
  // P6: exactly 48 h: within the window
  ["M51", "P6", FT, "FoT-2026-02", "2026-02-01 10:00:00"],
  ["M52", "P6", AO, "AO-2026-02", "2026-02-03 10:00:00"],
  // a contact identity does not know: no person to count against
  ["M61", "UNKNOWN", AO, "AO-2026-02", "2026-02-01 10:00:00"],
];

describe("contact pressure", () => {
  let warehouse: Warehouse;
  let contactOf: Map<string, string>;
  beforeEach(async () => {
    warehouse = await modelWarehouse();
    await loadContacts(warehouse, ["P1", "P2", "P3", "P4", "P5", "P6"]);
    await loadMailings(warehouse, MAILINGS);
    await runUpstreamOf(warehouse, MARTS);
    contactOf = await contactsByPerson(warehouse);
  });
  afterEach(() => warehouse.close());

  const rows = async (sql: string) =>
    (await warehouse.all<Record<string, unknown>>(sql)).map(({ person, ...rest }) => ({
      contact: contactOf.get(String(person)),
      ...rest,
    }));

  it("keeps one row per message to a known person, with the purpose its department's mail needs", async () => {
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM core.fct_mailings")).toBe(18);
    expect(
      await warehouse.all("SELECT DISTINCT department, purpose FROM core.fct_mailings ORDER BY department"),
    ).toEqual([
      { department: AO, purpose: "marketing" },
      { department: FT, purpose: "marketing" },
      { department: IO, purpose: "marketing" },
    ]);
  });

  it("counts messages in rolling windows of 7 days, (t - 7 days, t], across departments", async () => {
    expect(
      await rows(
        `SELECT person_id::VARCHAR AS person, mailing_id, messages_7_days AS n7, messages_30_days AS n30, over_cap_7_days AS over
           FROM marts.mart_contact_pressure WHERE mailing_id < 'M20' ORDER BY mailing_id`,
      ),
    ).toEqual([
      { contact: "P1", mailing_id: "M01", n7: 1, n30: 1, over: false },
      { contact: "P1", mailing_id: "M02", n7: 2, n30: 2, over: false },
      { contact: "P1", mailing_id: "M03", n7: 3, n30: 3, over: false },
      { contact: "P1", mailing_id: "M04", n7: 4, n30: 4, over: false },
      { contact: "P1", mailing_id: "M05", n7: 4, n30: 5, over: false },
      { contact: "P2", mailing_id: "M11", n7: 1, n30: 1, over: false },
      { contact: "P2", mailing_id: "M12", n7: 2, n30: 2, over: false },
      { contact: "P2", mailing_id: "M13", n7: 3, n30: 3, over: false },
      { contact: "P2", mailing_id: "M14", n7: 4, n30: 4, over: false },
      { contact: "P2", mailing_id: "M15", n7: 5, n30: 5, over: true },
    ]);
  });

  it("lists the persons over the cap (more than 4 in 7 days by default)", async () => {
    expect(
      await rows(
        `SELECT person_id::VARCHAR AS person, max_messages_7_days, max_messages_30_days, over_cap_7_days,
                over_cap_30_days, strftime(first_breach_at, '%Y-%m-%d %H:%M:%S') AS first_breach_at,
                messages_over_cap, top_department
           FROM marts.mart_contact_cap_breaches`,
      ),
    ).toEqual([
      {
        contact: "P2",
        max_messages_7_days: 5,
        max_messages_30_days: 5,
        over_cap_7_days: true,
        over_cap_30_days: false,
        first_breach_at: "2026-01-08 09:59:59",
        messages_over_cap: 1,
        top_department: AO,
      },
    ]);
  });

  it("finds two departments within 48 hours (inclusive), not 49 hours, not the same department", async () => {
    expect(
      await rows(
        `SELECT person_id::VARCHAR AS person, mailing_id_1, department_1, mailing_id_2, department_2, hours_apart
           FROM marts.mart_contact_collisions ORDER BY mailing_id_1`,
      ),
    ).toEqual([
      // P2's two departments are a day apart as well: also a collision
      {
        contact: "P2",
        mailing_id_1: "M11",
        department_1: AO,
        mailing_id_2: "M12",
        department_2: IO,
        hours_apart: 24,
      },
      {
        contact: "P2",
        mailing_id_1: "M12",
        department_1: IO,
        mailing_id_2: "M13",
        department_2: AO,
        hours_apart: 24,
      },
      {
        contact: "P2",
        mailing_id_1: "M13",
        department_1: AO,
        mailing_id_2: "M14",
        department_2: IO,
        hours_apart: 24,
      },
      {
        contact: "P3",
        mailing_id_1: "M21",
        department_1: AO,
        mailing_id_2: "M22",
        department_2: FT,
        hours_apart: 47,
      },
      {
        contact: "P6",
        mailing_id_1: "M51",
        department_1: FT,
        mailing_id_2: "M52",
        department_2: AO,
        hours_apart: 48,
      },
    ]);
  });

  it("builds the audience overlap matrix per month, the diagonal being each department's audience", async () => {
    expect(
      await warehouse.all(
        `SELECT strftime(month, '%Y-%m') AS month, department_a AS a, department_b AS b, persons
           FROM marts.mart_contact_audience_overlap`,
      ),
    ).toEqual([
      { month: "2026-01", a: AO, b: AO, persons: 2 },
      { month: "2026-01", a: AO, b: IO, persons: 1 },
      { month: "2026-01", a: IO, b: AO, persons: 1 },
      { month: "2026-01", a: IO, b: IO, persons: 1 },
      { month: "2026-02", a: AO, b: AO, persons: 4 },
      { month: "2026-02", a: AO, b: FT, persons: 3 },
      { month: "2026-02", a: FT, b: AO, persons: 3 },
      { month: "2026-02", a: FT, b: FT, persons: 3 },
    ]);
  });

  it("counts messages and persons per department and campaign", async () => {
    expect(
      await warehouse.all(
        `SELECT department, campaign, messages, persons, persons_over_cap, persons_in_collision
           FROM marts.mart_contact_by_campaign WHERE campaign IN ('AO-2026-01', 'AO-2026-01-reminder-2', 'FoT-adhoc', 'AO-2026-02')`,
      ),
    ).toEqual([
      {
        department: AO,
        campaign: "AO-2026-01",
        messages: 2,
        persons: 2,
        persons_over_cap: 0,
        persons_in_collision: 1,
      },
      {
        department: AO,
        campaign: "AO-2026-01-reminder-2",
        messages: 2,
        persons: 2,
        persons_over_cap: 1,
        persons_in_collision: 0,
      },
      {
        department: AO,
        campaign: "AO-2026-02",
        messages: 4,
        persons: 4,
        persons_over_cap: 0,
        persons_in_collision: 2,
      },
      {
        department: FT,
        campaign: "FoT-adhoc",
        messages: 2,
        persons: 2,
        persons_over_cap: 0,
        persons_in_collision: 1,
      },
    ]);
  });
});

describe("contact pressure with configured caps and window", () => {
  it("applies the configured 7- and 30-day caps and collision hours", async () => {
    const warehouse = await modelWarehouse({
      outreach: { capPer7Days: 2, capPer30Days: 4, collisionHours: 50 },
    });
    try {
      await loadContacts(warehouse, ["P1", "P2", "P3", "P4", "P5", "P6"]);
      await loadMailings(warehouse, MAILINGS);
      await runUpstreamOf(warehouse, MARTS);
      const contactOf = await contactsByPerson(warehouse);
      const breaches = await warehouse.all<{ person: string; over7: boolean; over30: boolean }>(
        `SELECT person_id::VARCHAR AS person, over_cap_7_days AS over7, over_cap_30_days AS over30
           FROM marts.mart_contact_cap_breaches`,
      );
      expect(
        breaches
          .map((b) => ({ ...b, person: contactOf.get(b.person) }))
          .sort((a, b) => a.person!.localeCompare(b.person!)),
      ).toEqual([
        { person: "P1", over7: true, over30: true },
        { person: "P2", over7: true, over30: true },
      ]);
      const collided = await warehouse.all<{ person: string }>(
        "SELECT DISTINCT person_id::VARCHAR AS person FROM marts.mart_contact_collisions",
      );
      expect(collided.map((c) => contactOf.get(c.person)).sort()).toEqual(["P2", "P3", "P4", "P6"]);
    } finally {
      warehouse.close();
    }
  });
});

describe("contact by campaign without a department or campaign", () => {
  it("keeps a NULL department or campaign as a group of its own, with its sends and collisions", async () => {
    const warehouse = await modelWarehouse();
    try {
      await loadContacts(warehouse, ["P1", "P2"]);
      await loadMailings(warehouse, [
        // P1: AO's message without a campaign collides with IO's a day later
        ["M01", "P1", AO, null, "2026-03-01 10:00:00"],
        ["M02", "P1", IO, "IO-3", "2026-03-02 10:00:00"],
        // and one with neither, which collides with nothing: no department differs from none
        ["M03", "P1", null, null, "2026-03-02 11:00:00"],
        // P2: AO without a campaign again, alone
        ["M11", "P2", AO, null, "2026-03-05 10:00:00"],
      ]);
      await runUpstreamOf(warehouse, ["marts.mart_contact_by_campaign"]);
      expect(
        await warehouse.all(
          `SELECT department, campaign, strftime(first_sent_at, '%Y-%m-%d %H:%M') AS first_sent,
                  strftime(last_sent_at, '%Y-%m-%d %H:%M') AS last_sent, messages, persons, persons_over_cap,
                  persons_in_collision
             FROM marts.mart_contact_by_campaign`,
        ),
      ).toEqual([
        {
          department: AO,
          campaign: null,
          first_sent: "2026-03-01 10:00",
          last_sent: "2026-03-05 10:00",
          messages: 2,
          persons: 2,
          persons_over_cap: 0,
          persons_in_collision: 1,
        },
        {
          department: IO,
          campaign: "IO-3",
          first_sent: "2026-03-02 10:00",
          last_sent: "2026-03-02 10:00",
          messages: 1,
          persons: 1,
          persons_over_cap: 0,
          persons_in_collision: 1,
        },
        {
          department: null,
          campaign: null,
          first_sent: "2026-03-02 11:00",
          last_sent: "2026-03-02 11:00",
          messages: 1,
          persons: 1,
          persons_over_cap: 0,
          persons_in_collision: 0,
        },
      ]);
    } finally {
      warehouse.close();
    }
  });
});
