import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../warehouse/connection.ts";
import { modelWarehouse } from "../../helpers/models.ts";
import { runUpTo } from "./lifecycle-fixtures.ts";

// Reference date 2026-11-23: the engagement window is 2025-11-24 .. 2026-11-23.
describe("core.fct_alumni: CASE modes in the last 12 months, weighted score, pools, consent", () => {
  let w: Warehouse;
  let row = 0;
  const email = (p: string) => `${p.toLowerCase()}@example.org`;
  const member = (p: string, programme: string, year: number) =>
    w.run(
      `INSERT INTO raw.alumni__members (_file_id, _row, member_id, first_name, last_name, email, graduation_year, programme_code, joined_on)
       VALUES (1, $1, $2, $3, 'Test', $4, $5, $6, DATE '2020-06-01')`,
      [++row, `M-${p}`, p, email(p), year, programme],
    );
  const engagement = (p: string, type: string, mode: string, on: string) =>
    w.run(
      `INSERT INTO raw.alumni__engagements (_file_id, _row, engagement_id, member_id, engagement_type, case_mode, engaged_on)
       VALUES (1, $1, $2, $3, $4, $5, $6::DATE)`,
      [++row, `E${row}`, `M-${p}`, type, mode, on],
    );
  const consent = async (p: string, given: string, withdrawn: string | null) => {
    await w.run(
      `INSERT INTO raw.crm__contacts (_file_id, _row, contact_id, first_name, last_name, email)
       VALUES (1, $1, $2, $3, 'Test', $4)`,
      [++row, `C-${p}`, p, email(p)],
    );
    await w.run(
      `INSERT INTO raw.crm__consents (_file_id, _row, consent_id, contact_id, purpose, legal_basis, given_at, withdrawn_at)
       VALUES (1, $1, $2, $3, 'alumni_relations', 'legitimate_interest', $4::TIMESTAMP, $5::TIMESTAMP)`,
      [++row, `K-${p}`, `C-${p}`, given, withdrawn],
    );
  };

  beforeAll(async () => {
    w = await modelWarehouse({ outcomes: { alumniWeights: { philanthropic: 5 } } });
    await member("AA", "PROGA", 2020);
    await engagement("AA", "donation", "philanthropic", "2026-01-10");
    await engagement("AA", "guest_lecture", "volunteer", "2019-05-01"); // outside the window, still in the pool
    await engagement("AA", "event", "experiential", "2025-11-23"); // one day before the window
    await consent("AA", "2021-01-01 10:00:00", null);
    await member("AB", "PROGA", 2020);
    await w.run(
      `INSERT INTO raw.linkedin__connections (_file_id, _row, first_name, last_name, profile_url, email, connected_on)
       VALUES (1, 1, 'AB', 'Test', 'https://www.linkedin.com/in/ab', $1, DATE '2026-03-01')`,
      [email("AB")],
    );
    await consent("AB", "2021-01-01 10:00:00", "2024-01-01 10:00:00"); // objected: not contactable
    await member("AC", "PROGB", 2018);
    await engagement("AC", "mentoring", "volunteer", "2026-02-01");
    await engagement("AC", "event", "experiential", "2026-11-23");
    await engagement("AC", "further_study", "experiential", "2019-09-01");
    await engagement("AC", "donation", "philanthropic", "2026-11-24"); // after the reference date
    await runUpTo(w, ["core.fct_alumni"]);
  });
  afterAll(() => w?.close());

  it("one row per alumnus with modes, score (weights from config), pools and further study", async () => {
    expect(
      await w.all(
        `SELECT programme_code, graduation_year, contactable, consenting, philanthropic, volunteer, experiential,
                communication, active, engagement_score, guest_lecturer, mentor, internship_host, further_study
           FROM core.fct_alumni ORDER BY programme_code, engagement_score DESC`,
      ),
    ).toEqual([
      {
        programme_code: "PROGA",
        graduation_year: 2020,
        contactable: true,
        consenting: true,
        philanthropic: true,
        volunteer: false,
        experiential: false,
        communication: false,
        active: true,
        engagement_score: 5,
        guest_lecturer: true,
        mentor: false,
        internship_host: false,
        further_study: false,
      },
      {
        programme_code: "PROGA",
        graduation_year: 2020,
        contactable: false,
        consenting: false,
        philanthropic: false,
        volunteer: false,
        experiential: false,
        communication: true,
        active: true,
        engagement_score: 1,
        guest_lecturer: false,
        mentor: false,
        internship_host: false,
        further_study: false,
      },
      {
        programme_code: "PROGB",
        graduation_year: 2018,
        contactable: true,
        consenting: false,
        philanthropic: false,
        volunteer: true,
        experiential: true,
        communication: false,
        active: true,
        engagement_score: 5,
        guest_lecturer: false,
        mentor: true,
        internship_host: false,
        further_study: true,
      },
    ]);
  });
});
