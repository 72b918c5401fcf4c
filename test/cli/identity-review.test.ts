import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, tempProject } from "../helpers/project.ts";

const CONTACTS = `\uFEFF${[
  "ContactId,FirstName,LastName,Email,Phone,BirthDate,PersonalNumber,Country,SchoolCode,ProgrammeInterest,LeadSource,CreatedAt,ModifiedAt",
  // alike names and one birth date, nothing shared exactly: a pair to review, not a merge
  "C1,Åsa,Lind,asa.lind@example.se,,2001-01-01,,SE,,SYSVK,web,2024-01-05 10:00:00,2025-03-01 10:00:00",
  "C2,Asa,Lindh,x@other.se,,2001-01-01,,SE,,SYSVK,web,2024-02-05 10:00:00,2025-03-01 10:00:00",
  "C3,Bo,Ek,bo@example.se,,,,SE,,SYSVK,web,2024-03-05 10:00:00,2025-03-01 10:00:00",
].join("\r\n")}\r\n`;

describe("slm identity review", () => {
  const project = tempProject();
  beforeAll(() => {
    mkdirSync(join(project.dir, "data", "inbox"), { recursive: true });
    writeFileSync(join(project.dir, "slm.config.json"), "{}\n");
    writeFileSync(join(project.dir, "data", "inbox", "crm_contacts_2026-10-31.csv"), CONTACTS);
    createSecret(join(project.dir, "data", ".secret"));
  });
  afterAll(() => project.remove());

  it("lists the review pairs with their evidence, locally, and records the reading in the audit log", async () => {
    const help = slm(project.dir, ["identity", "review", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: slm identity review");
    expect(help.stdout).toContain("--json");

    expect(slm(project.dir, ["ingest"]).code).toBe(0);
    const early = slm(project.dir, ["identity", "review"]);
    expect(early.code).not.toBe(0);
    expect(early.stderr).toBe("slm: no identity results yet: run `slm run` first\n");

    expect(slm(project.dir, ["run"]).code).toBe(0);
    const json = slm(project.dir, ["identity", "review", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const pairs = JSON.parse(json.stdout);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({
      source: "crm",
      candidate_source: "crm",
      name_similarity: 0.978,
      same_birth_date: true,
      same_email_domain: false,
      email_local_similarity: 0,
      agreed: ["name", "birth date"],
    });
    expect(pairs[0].person_id).not.toBe(pairs[0].candidate_person_id);
    // pseudonymous ids only: nothing of the names or addresses compared
    expect(json.stdout).not.toMatch(/lind|example\.se|other\.se|C1|C2/i);

    const text = slm(project.dir, ["identity", "review"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1 pair to review/);
    expect(text.stdout).toContain(pairs[0].record_id);
    expect(text.stdout).toContain("name, birth date");
    expect(text.stderr).toContain("written to the audit log");

    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"), { readOnly: true });
    try {
      const entries = await warehouse.all<{ detail: string }>(
        "SELECT detail FROM meta.audit_log WHERE command = 'identity review' ORDER BY logged_at",
      );
      // the refused early reading wrote nothing; the two readings did, with counts only
      expect(entries.map((entry) => JSON.parse(entry.detail))).toEqual([
        { pairs: 1, read_only: 1 },
        { pairs: 1, read_only: 1 },
      ]);
    } finally {
      warehouse.close();
    }
  }, 240_000);
});
