import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { parseConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, tempProject } from "../helpers/project.ts";
import {
  loadConsents,
  loadContacts,
  loadMailings,
  runUpstreamOf,
} from "../pipelines/core/fct_mailings.helpers.ts";

const AO = "Admissions Office";
const FT = "Faculty of Technology";

describe("slm outreach check", () => {
  const project = tempProject();
  const file = (name: string, text: string) => {
    const path = join(project.dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    mkdirSync(join(project.dir, "data"), { recursive: true });
    writeFileSync(join(project.dir, "slm.config.json"), "{}\n");
    const key = createSecret(join(project.dir, "data", ".secret"));
    const warehouse = await Warehouse.open(join(project.dir, "data", "warehouse.duckdb"));
    try {
      await registerModelFunctions(warehouse, { key, config: parseConfig({}), referenceDate: "2026-11-23" });
      await ensureAllRawTables(warehouse);
      await loadContacts(warehouse, ["C1", "C2", "C3", "C4"]);
      await loadMailings(warehouse, [
        // C1: four in four days; a fifth on the next day breaks the cap
        ["M1", "C1", AO, "AO-2026-11", "2026-11-01 10:00:00"],
        ["M2", "C1", AO, "AO-2026-11-r1", "2026-11-02 10:00:00"],
        ["M3", "C1", AO, "AO-2026-11-r2", "2026-11-03 10:00:00"],
        ["M4", "C1", AO, "AO-2026-11-r3", "2026-11-04 10:00:00"],
        // C2: the faculty mailed 22 hours before the planned admissions message
        ["M5", "C2", FT, "FoT-2026-11", "2026-11-04 12:00:00"],
        // C3: a faculty message 49 hours before: no collision
        ["M6", "C3", FT, "FoT-2026-11", "2026-11-03 09:00:00"],
      ]);
      await loadConsents(warehouse, [
        ["K1", "C1", "marketing", "2025-01-01 10:00:00", null, "2027-01-01 10:00:00"],
        ["K2", "C2", "marketing", "2025-01-01 10:00:00", null, "2027-01-01 10:00:00"],
        ["K3", "C3", "marketing", "2025-01-01 10:00:00", null, "2027-01-01 10:00:00"],
        ["K4", "C4", "marketing", "2025-01-01 10:00:00", "2026-06-01 10:00:00", null], // withdrawn
      ]);
      await runUpstreamOf(warehouse, ["core.fct_mailings", "core.fct_consents"]);
    } finally {
      warehouse.close();
    }
  }, 60_000);
  afterAll(() => project.remove());

  const PLANNED =
    "\uFEFFContactId,Email,Department,Campaign,Purpose,PlannedAt\r\n" +
    "C1,ann.andersson@example.org,Admissions Office,AO-2026-11-final,,2026-11-05 10:00\r\n" +
    "C2,bo.berg@example.org,Admissions Office,AO-2026-11-final,,2026-11-05 10:00\r\n" +
    "C3,cai.ceder@example.org,Admissions Office,AO-2026-11-final,,2026-11-05 10:00\r\n" +
    "C4,dee.dahl@example.org,Admissions Office,AO-2026-11-final,marketing,2026-11-05 10:00\r\n" +
    "C9,eve.ek@example.org,Student Services,SS-2026-11,,2026-11-05 10:00\r\n";

  it("counts recipients over the cap, colliding, or without consent, naming only contact and person ids", () => {
    const result = slm(project.dir, ["outreach", "check", file("planned.csv", PLANNED), "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      rows: 5,
      recipients: 5,
      unknown_contacts: 1,
      over_cap: 1,
      collisions: 1,
      lacking_consent: 1,
      caps: { per_7_days: 4, per_30_days: 10, collision_hours: 48 },
    });
    expect(
      report.issues.map(({ person_id, ...rest }: { person_id: string | null }) => ({
        ...rest,
        pseudonymous: typeof person_id === "string" && /^-?\d+$/.test(person_id),
      })),
    ).toEqual([
      {
        line: 2,
        contact_id: "C1",
        purpose: "marketing",
        messages_7_days: 5,
        messages_30_days: 5,
        over_cap: true,
        collides_with: [],
        lacks_consent: false,
        pseudonymous: true,
      },
      {
        line: 3,
        contact_id: "C2",
        purpose: "marketing",
        messages_7_days: 2,
        messages_30_days: 2,
        over_cap: false,
        collides_with: [FT],
        lacks_consent: false,
        pseudonymous: true,
      },
      {
        line: 5,
        contact_id: "C4",
        purpose: "marketing",
        messages_7_days: 1,
        messages_30_days: 1,
        over_cap: false,
        collides_with: [],
        lacks_consent: true,
        pseudonymous: true,
      },
    ]);
    expect(result.stdout).not.toMatch(/example\.org|andersson|dahl/i);
  });

  it("prints a table for people, still without names or e-mail addresses", () => {
    const result = slm(project.dir, ["outreach", "check", file("planned.csv", PLANNED)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("over the cap (more than 4 in 7 days or 10 in 30): 1");
    expect(result.stdout).toContain("colliding with another department within 48 h: 1");
    expect(result.stdout).toContain("without a valid consent for the purpose: 1");
    expect(result.stdout).not.toMatch(/example\.org/);
    const failing = slm(project.dir, ["outreach", "check", file("planned.csv", PLANNED), "--fail-on-issues"]);
    expect(failing.code).toBe(3);
  });

  it("names the file, line and column of what is wrong in a bad file", () => {
    const bad = file(
      "bad.csv",
      "ContactId,Department,Purpose,PlannedAt\n" +
        "C1,Admissions Office,,2026-11-05 10:00\n" +
        ",Admissions Office,,2026-11-05 10:00\n" +
        "C2,Admissions Office,spam,2026-02-30 10:00\n" +
        "C3,Admissions Office\n",
    );
    const result = slm(project.dir, ["outreach", "check", bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        `slm: ${bad}: line 3, column ContactId: empty; every recipient needs the CRM contact id`,
        `${bad}: line 4, column PlannedAt: '2026-02-30 10:00' is not a date and time (YYYY-MM-DD HH:MM[:SS])`,
        `${bad}: line 4, column Purpose: 'spam' is not one of marketing, alumni_relations, newsletter, research, none`,
        `${bad}: line 5: 2 fields, the header has 4`,
        "",
      ].join("\n"),
    );
    const noColumn = file("no-column.csv", "ContactId,Campaign\nC1,AO-1\n");
    const missing = slm(project.dir, ["outreach", "check", noColumn]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`slm: ${noColumn}: line 1: missing columns Department, PlannedAt\n`);
    const absent = slm(project.dir, ["outreach", "check", "no/such.csv"]);
    expect(absent.stderr).toBe("slm: no/such.csv: no such file or directory\n");
  });
});
