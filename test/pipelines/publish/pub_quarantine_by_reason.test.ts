/**
 * The quarantine table of the Data quality page after an erasure and a re-load of old extracts: the
 * erased person's rows (quarantined as erased_person on the re-load, or redacted by the erasure) must not
 * show where they came from, and every count passes disclosure control like any other.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseCommand } from "../../../cli/commands/erase.ts";
import { ingestCommand } from "../../../cli/commands/ingest.ts";
import { runCommand } from "../../../cli/commands/run.ts";
import { loadConfig } from "../../../warehouse/config.ts";
import { createSecret } from "../../../warehouse/secret.ts";
import { CONTACTS, ERASED_EMAIL, writeInbox } from "../../cli/privacy.fixture.ts";
import { tempProject } from "../../helpers/project.ts";

const BOM = "\uFEFF";
const MAILINGS_HEADER = "MailingId,ContactId,Department,Campaign,Channel,SentAt";

/** Mailings of the three contacts, with `bad` unreadable send times among them; C1 is the one erased later. */
function mailings(from: number, count: number, contact: (i: number) => string, bad = 0): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const sentAt = i < bad ? "03/10/2026 09:00" : `2026-09-${String(1 + (i % 28)).padStart(2, "0")} 09:00:00`;
    return `M${from + i},${contact(i)},Admissions Office,AO-2026-09,email,${sentAt}`;
  });
  return `${BOM}${[MAILINGS_HEADER, ...rows].join("\r\n")}\r\n`;
}

type Row = Record<string, string | number | boolean | null>;

describe("pub_quarantine_by_reason after an erasure and a re-load of old extracts", () => {
  const project = tempProject("slm-quarantine-");
  const published = () =>
    JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "pub_quarantine_by_reason.json"), "utf8"),
    ) as Row[];
  let first = "";

  beforeAll(async () => {
    const inbox = writeInbox(project.dir);
    // 12 mailings with an unreadable send time, by persons who stay
    writeFileSync(
      join(inbox, "crm_mailings_2026-09-30.csv"),
      mailings(100, 40, (i) => (i % 2 === 0 ? "C2" : "C3"), 12),
    );
    createSecret(join(project.dir, "data", ".secret"));
    const loaded = loadConfig(project.dir);
    await ingestCommand(loaded, [], {});
    await runCommand(loaded);
    await eraseCommand(loaded, ERASED_EMAIL);
    // Old extracts that still hold the erased person: a contacts export and 9 mailings to C1.
    const older = join(project.dir, "old");
    writeInbox(older);
    writeFileSync(
      join(older, "crm_contacts_2026-08-31.csv"),
      CONTACTS.replace("2026-09-01 10:00:00", "2026-08-01 10:00:00"),
    );
    writeFileSync(
      join(older, "crm_mailings_2026-08-31.csv"),
      mailings(200, 9, () => "C1"),
    );
    await ingestCommand(
      loaded,
      [join(older, "crm_contacts_2026-08-31.csv"), join(older, "crm_mailings_2026-08-31.csv")],
      {},
    );
    await runCommand(loaded);
    first = readFileSync(join(project.dir, "data", "publish", "pub_quarantine_by_reason.json"), "utf8");
    await runCommand(loaded, true);
  }, 240_000);
  afterAll(() => project.remove());

  it("counts the erased person's rows together, with no source, entity or file", () => {
    const rows = published();
    const erased = rows.filter(
      (row) => row.reason === "erased_person" || row.reason_family === "erased_person",
    );
    expect(erased.length).toBeGreaterThan(0);
    for (const row of erased) {
      expect(row.source, JSON.stringify(row)).toBeNull();
      expect(row.entity, JSON.stringify(row)).toBeNull();
      expect(Object.keys(row)).not.toContain("files");
    }
    // 1 contact re-loaded, 1 form redacted by the erasure, 9 mailings re-loaded: 11 rows, published as 10
    const cell = erased.find((row) => row.total_over === null)!;
    expect(cell.rows_quarantined).toBe(10);
  });

  it("publishes every count rounded to 5 or suppressed", () => {
    const rows = published();
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      if (row.rows_quarantined === null) expect(row.rows_quarantined_suppressed).toBe(true);
      else expect((row.rows_quarantined as number) % 5, JSON.stringify(row)).toBe(0);
    }
    // the 12 unreadable send times: 10
    expect(
      rows.find((row) => row.source === "crm" && row.entity === "mailings" && row.reason === "bad_timestamp"),
    ).toMatchObject({ rows_quarantined: 10, rows_quarantined_suppressed: false });
  });

  it("data freshness: the erased rows are not counted per source either (read, quarantined)", () => {
    const freshness = JSON.parse(
      readFileSync(join(project.dir, "data", "publish", "pub_data_freshness.json"), "utf8"),
    ) as Row[];
    const of = (entity: string) => freshness.find((row) => row.source === "crm" && row.entity === entity)!;
    // mailings: 4 + 40 rows of the first two files, 12 of them unreadable; the 9 of the old file are the
    // erased person's, as are the contact of the old contacts file and the form the erasure redacted
    // (published rounded like the quarantine's own cells: 44 / 32 / 12 exactly)
    expect(of("mailings")).toMatchObject({ rows_read: 45, rows_loaded: 30, rows_quarantined: 10 });
    expect(of("contacts")).toMatchObject({ rows_read: 5, rows_loaded: 5, rows_quarantined: 0 });
    expect(of("form_submissions")).toMatchObject({ rows_quarantined: 0 });
    for (const row of freshness) {
      for (const column of ["rows_read", "rows_loaded", "rows_quarantined"]) {
        const value = row[column] as number | null;
        expect(value === null || value % 5 === 0, `${row.source}.${row.entity}.${column} = ${value}`).toBe(
          true,
        );
      }
    }
  });

  it("writes the same file, rows in the same order, on every build", () => {
    expect(readFileSync(join(project.dir, "data", "publish", "pub_quarantine_by_reason.json"), "utf8")).toBe(
      first,
    );
    // by reason family (the grand total last), each family's rows together
    const families = published().map((row) => (row.reason_family as string | null) ?? "\uffff");
    expect(families).toEqual([...families].sort());
  });
});
