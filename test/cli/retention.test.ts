import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.ts";
import { retentionApplyCommand, retentionDueCommand } from "../../cli/commands/retention.ts";
import { runCommand } from "../../cli/commands/run.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, tempProject } from "../helpers/project.ts";
import { writeInbox } from "./privacy.fixture.ts";

const AS_OF = "2026-11-23";
const CONFIG = {
  retention: {
    categories: { mailings: 365, contact_details: 365, quarantined_lines: 30 },
    purposes: { marketing: 180 },
  },
};
// What the periods make due as of AS_OF in the fixture, by its own ids; everything else must stay as it was.
const EXPIRED: Record<string, string> = {
  crm__mailings: "mailing_id IN ('M1', 'M2')", // sent 2024-02-03
  crm__consents: "consent_id IN ('K1', 'K2')", // ended 2026-01-05 and 2024-06-01
  crm__contacts: "contact_id IN ('C1', 'C2')", // last changed 2025-03-01 and 2025-06-01: details blanked
};

/** One hash per raw table over its rows in a fixed order, leaving out the rows retention may touch. */
async function rawHashes(db: string): Promise<Record<string, string>> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    const tables = await warehouse.all<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1",
    );
    const hashes: Record<string, string> = {};
    for (const { t } of tables) {
      const where = EXPIRED[t] ? `WHERE NOT (${EXPIRED[t]})` : "";
      hashes[t] = await warehouse.scalar<string>(
        `SELECT md5(coalesce(string_agg(x::VARCHAR, chr(10) ORDER BY x::VARCHAR), '')) || ':' || count(*)
           FROM raw."${t}" AS x ${where}`,
      );
    }
    return hashes;
  } finally {
    warehouse.close();
  }
}

describe("slm retention", () => {
  const project = tempProject();
  const db = join(project.dir, "data", "warehouse.duckdb");

  beforeAll(async () => {
    writeInbox(project.dir, CONFIG);
    createSecret(join(project.dir, "data", ".secret"));
    const loaded = loadConfig(project.dir);
    await ingestCommand(loaded, [], {});
  }, 120_000);
  afterAll(() => project.remove());

  it("every run lists what is due", async () => {
    const run = await runCommand(loadConfig(project.dir));
    expect(run.retention_due.map((item) => `${item.category} ${item.raw_table}`)).toEqual([
      "mailings raw.crm__mailings",
      "mailings raw.quarantined_lines",
      "contact_details raw.crm__contacts",
      "contact_details raw.quarantined_lines",
      "quarantined_lines raw.quarantined_lines",
      "purpose:marketing raw.crm__consents",
      "purpose:marketing raw.crm__mailings",
    ]);
    // The files were loaded today, after AS_OF: none of their quarantined lines is due yet.
    const lines = (category: string, days: number) => ({
      category,
      raw_table: "raw.quarantined_lines",
      action: "delete",
      period_days: days,
      rows: 0,
    });
    expect(await retentionDueCommand(loadConfig(project.dir), AS_OF)).toEqual([
      { category: "mailings", raw_table: "raw.crm__mailings", action: "delete", period_days: 365, rows: 2 },
      lines("mailings", 365),
      {
        category: "contact_details",
        raw_table: "raw.crm__contacts",
        action: "anonymise",
        period_days: 365,
        rows: 2,
      },
      lines("contact_details", 365),
      lines("quarantined_lines", 30),
      {
        category: "purpose:marketing",
        raw_table: "raw.crm__consents",
        action: "delete",
        period_days: 180,
        rows: 2,
      },
      {
        category: "purpose:marketing",
        raw_table: "raw.crm__mailings",
        action: "delete",
        period_days: 180,
        rows: 2,
      },
    ]);
  }, 120_000);

  it("refuses a date that is not one, in one line", () => {
    const result = slm(project.dir, ["retention", "apply", "--as-of", "2026-13-45"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('slm: --as-of: expected a date YYYY-MM-DD, got "2026-13-45"\n');
  });

  it("apply removes the expired rows everywhere and leaves the rest unchanged", async () => {
    const before = await rawHashes(db);
    const loaded = loadConfig(project.dir);
    const result = await retentionApplyCommand(loaded, AS_OF);
    expect(result.applied.map((item) => [item.category, item.raw_table, item.rows])).toEqual([
      ["mailings", "raw.crm__mailings", 2],
      ["mailings", "raw.quarantined_lines", 0],
      ["contact_details", "raw.crm__contacts", 2],
      ["contact_details", "raw.quarantined_lines", 0],
      ["quarantined_lines", "raw.quarantined_lines", 0],
      ["purpose:marketing", "raw.crm__consents", 2],
      // the same two messages, already gone with the mailings category
      ["purpose:marketing", "raw.crm__mailings", 0],
    ]);
    expect(await rawHashes(db)).toEqual(before);
    expect(result.applied).toHaveLength(7);

    const warehouse = await Warehouse.open(db, { readOnly: true });
    try {
      const ids = async (sql: string) => (await warehouse.all<{ id: string }>(sql)).map((row) => row.id);
      expect(await ids("SELECT mailing_id AS id FROM raw.crm__mailings ORDER BY 1")).toEqual(["M3", "M4"]);
      expect(await ids("SELECT mailing_id AS id FROM core.fct_mailings ORDER BY 1")).toEqual(["M3", "M4"]);
      expect(await ids("SELECT consent_id AS id FROM raw.crm__consents ORDER BY 1")).toEqual(["K3"]);
      expect(await ids("SELECT consent_id AS id FROM core.fct_consents ORDER BY 1")).toEqual(["K3"]);
      expect(
        await warehouse.all(
          `SELECT contact_id, first_name, last_name, email, phone, birth_date, personal_number
             FROM raw.crm__contacts WHERE ${EXPIRED.crm__contacts} ORDER BY contact_id`,
        ),
      ).toEqual([
        {
          contact_id: "C1",
          first_name: null,
          last_name: null,
          email: null,
          phone: null,
          birth_date: null,
          personal_number: null,
        },
        {
          contact_id: "C2",
          first_name: null,
          last_name: null,
          email: null,
          phone: null,
          birth_date: null,
          personal_number: null,
        },
      ]);
      expect(
        await warehouse.all("SELECT category, raw_table, action, period_days, rows FROM meta.retention_log"),
      ).toEqual(
        result.applied.map(({ category, raw_table, action, period_days, rows }) => ({
          category,
          raw_table,
          action,
          period_days,
          rows,
        })),
      );
      const audit = await warehouse.one<{ detail: string }>(
        "SELECT detail FROM meta.audit_log WHERE command = 'retention apply'",
      );
      expect(JSON.parse(audit!.detail).categories).toHaveLength(7);
    } finally {
      warehouse.close();
    }
    // The published files come from the rebuild that followed.
    const manifest = JSON.parse(readFileSync(join(project.dir, "data", "publish", "_manifest.json"), "utf8"));
    expect(manifest.run_id).toBe(result.run_id);
    expect((await retentionDueCommand(loaded, AS_OF)).map((item) => item.rows)).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  }, 240_000);

  it("a quarantined line's clear text expires from its file's load; its quarantine row (no clear text) stays", async () => {
    const loaded = loadConfig(project.dir);
    const later = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
    const due = await retentionDueCommand(loaded, later);
    // The one quarantined line (a bad date, with a name and an e-mail) is due by its own category only.
    expect(due.filter((item) => item.raw_table === "raw.quarantined_lines").map((item) => item.rows)).toEqual(
      [0, 0, 1],
    );
    await retentionApplyCommand(loaded, later);
    const warehouse = await Warehouse.open(db, { readOnly: true });
    try {
      expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM raw.quarantined_lines")).toBe(0);
      expect(await warehouse.all("SELECT file_name, line, column_name, reason FROM meta.quarantine")).toEqual(
        [
          {
            file_name: "crm_form_submissions_2026-10-31.csv",
            line: 3,
            column_name: "SubmittedAt",
            reason: "bad_timestamp",
          },
        ],
      );
    } finally {
      warehouse.close();
    }
  }, 240_000);
});
