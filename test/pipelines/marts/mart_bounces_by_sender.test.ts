import { describe, expect, it } from "vitest";
import { modelWarehouseFor, runDownstreamOf } from "../../helpers/models.ts";

type Mail = [id: string, person: number, department: string, sentAt: string, bounced: boolean];

describe("marts.mart_bounces_by_sender", () => {
  const w = modelWarehouseFor("test");

  it("counts persons with a returned message over persons mailed, per sender and month", async () => {
    await w.run(`CREATE OR REPLACE TABLE core.fct_mailings (mailing_id VARCHAR, person_id BIGINT, contact_key VARCHAR,
      department VARCHAR, campaign VARCHAR, channel VARCHAR, sent_at TIMESTAMP, sent_month DATE, bounced BOOLEAN,
      purpose VARCHAR)`);
    const mails: Mail[] = [
      ["M1", 1, "Admissions Office", "2026-03-03 09:00:00", true],
      ["M2", 1, "Admissions Office", "2026-03-20 09:00:00", true], // the same person twice: one person
      ["M3", 2, "Admissions Office", "2026-03-03 09:00:00", false],
      ["M4", 3, "Admissions Office", "2026-03-03 09:00:00", false],
      ["M5", 1, "Alumni Relations", "2026-03-24 09:00:00", false], // another sender, delivered
      ["M6", 2, "Admissions Office", "2026-04-03 09:00:00", true], // another month
    ];
    for (const [id, person, department, sentAt, bounced] of mails) {
      await w.run(
        "INSERT INTO core.fct_mailings VALUES ($1, $2, 'k', $3, 'c', 'email', $4::TIMESTAMP, date_trunc('month', $4::TIMESTAMP)::DATE, $5, 'marketing')",
        [id, person, department, sentAt, bounced],
      );
    }
    await runDownstreamOf(w, ["core.fct_mailings"]);
    expect(
      await w.all(
        `SELECT strftime(month, '%Y-%m') AS month, department, persons_bounced_num AS bounced,
                persons_mailed_den AS mailed, messages_bounced, messages
           FROM marts.mart_bounces_by_sender ORDER BY month, department`,
      ),
    ).toEqual([
      {
        month: "2026-03",
        department: "Admissions Office",
        bounced: 1,
        mailed: 3,
        messages_bounced: 2,
        messages: 4,
      },
      {
        month: "2026-03",
        department: "Alumni Relations",
        bounced: 0,
        mailed: 1,
        messages_bounced: 0,
        messages: 1,
      },
      {
        month: "2026-04",
        department: "Admissions Office",
        bounced: 1,
        mailed: 1,
        messages_bounced: 1,
        messages: 1,
      },
    ]);
  });
});
