import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseCommand } from "../../cli/commands/erase.ts";
import { ingestCommand } from "../../cli/commands/ingest.ts";
import { runCommand } from "../../cli/commands/run.ts";
import { QUARANTINE_WITH_LINES } from "../../loaders/quarantine-store.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { createSecret } from "../../warehouse/secret.ts";
import { slm, tempProject } from "../helpers/project.ts";
import { CONTACTS, ERASED_EMAIL, MARKER, writeInbox } from "./privacy.fixture.ts";

/** Rows, over every table of every schema, whose text holds the needle. */
async function tablesHolding(path: string, needle: string): Promise<string[]> {
  const warehouse = await Warehouse.open(path, { readOnly: true });
  try {
    const tables = await warehouse.all<{ s: string; t: string }>(
      "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE'",
    );
    const found: string[] = [];
    for (const { s, t } of tables) {
      const n = Number(
        await warehouse.scalar(`SELECT count(*) FROM "${s}"."${t}" AS x WHERE contains(x::VARCHAR, $1)`, [
          needle,
        ]),
      );
      if (n > 0) found.push(`${s}.${t}`);
    }
    return found;
  } finally {
    warehouse.close();
  }
}

const bytesHold = (file: string, needle: string) =>
  existsSync(file) && readFileSync(file).includes(Buffer.from(needle, "utf8"));

describe("slm erase", () => {
  const project = tempProject();
  const db = join(project.dir, "data", "warehouse.duckdb");
  const publish = join(project.dir, "data", "publish");
  let inbox = "";
  const releases = () =>
    readdirSync(join(project.dir, "data"))
      .filter((name) => name.startsWith(".publish."))
      .sort();

  beforeAll(async () => {
    inbox = writeInbox(project.dir);
    createSecret(join(project.dir, "data", ".secret"));
    const loaded = loadConfig(project.dir);
    await ingestCommand(loaded, [], {});
    await runCommand(loaded);
    // A second release and a built site: both hold data from before the erasure.
    await runCommand(loaded, true);
    const site = slm(project.dir, ["site", "build"]);
    expect(site.code, site.stderr).toBe(0);
  }, 360_000);
  afterAll(() => project.remove());

  it("holds the marked person before erasure (so the checks below can fail)", async () => {
    // The quarantined line (a bad date) holds the marker too: in raw, never in meta.
    expect(await tablesHolding(db, MARKER)).toEqual([
      "raw.crm__contacts",
      "raw.crm__form_submissions",
      "raw.quarantined_lines",
    ]);
    expect(bytesHold(db, MARKER)).toBe(true);
  });

  it("erases the person everywhere; a re-load of the same and of an older extract does not bring them back", async () => {
    const loaded = loadConfig(project.dir);
    const releasesBefore = releases();
    expect(releasesBefore).toHaveLength(2);
    const siteBuilt = statSync(join(project.dir, "dist", "index.html")).mtimeMs;
    const result = await eraseCommand(loaded, ERASED_EMAIL);
    // Every release from before the erasure is gone (compared with the new one, it would show the person
    // as a difference), and the site was built again from the new one.
    expect(releases()).toEqual([basename(realpathSync(publish))]);
    expect(releasesBefore).not.toContain(releases()[0]);
    expect(statSync(join(project.dir, "dist", "index.html")).mtimeMs).toBeGreaterThan(siteBuilt);
    expect(result).toMatchObject({
      releases_removed: 1, // the run itself drops all but the release before it
      site: "rebuilt",
      lookup: "email",
      persons: 1,
      quarantine_rows_redacted: 1,
      raw_rows_deleted: {
        crm__contacts: 1,
        crm__form_submissions: 1,
        crm__mailings: 1,
        crm__consents: 1,
        crm__relations: 0,
      },
    });
    expect(result.identifiers).toBeGreaterThanOrEqual(3); // contact key, national key, e-mail key

    // The same files again (skipped by content) and an older contacts export (different bytes).
    const reloaded = await ingestCommand(loaded, [inbox], {});
    expect(reloaded.map((r) => r.status)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    const older = join(project.dir, "crm_contacts_2026-09-30.csv");
    writeFileSync(older, CONTACTS.replace("2026-09-01 10:00:00", "2026-08-01 10:00:00"));
    const [old] = await ingestCommand(loaded, [older], {});
    expect(old).toMatchObject({ status: "loaded", rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
    await runCommand(loaded);

    expect(await tablesHolding(db, MARKER)).toEqual([]);
    expect(await tablesHolding(db, ERASED_EMAIL)).toEqual([]);
    for (const file of readdirSync(publish)) {
      expect(readFileSync(join(publish, file), "utf8"), file).not.toContain(MARKER);
    }

    const warehouse = await Warehouse.open(db, { readOnly: true });
    try {
      expect(
        await warehouse.all(
          `SELECT file_name, line, column_name, value, reason, raw_line FROM ${QUARANTINE_WITH_LINES}
            WHERE reason = 'erased_person' ORDER BY file_name`,
        ),
      ).toEqual([
        {
          file_name: "crm_contacts_2026-09-30.csv",
          line: 2,
          column_name: null,
          value: null,
          reason: "erased_person",
          raw_line: null,
        },
        {
          file_name: "crm_form_submissions_2026-10-31.csv",
          line: 3,
          column_name: null,
          value: null,
          reason: "erased_person",
          raw_line: null,
        },
      ]);
      expect(
        await warehouse.all("SELECT DISTINCT contact_id FROM raw.crm__contacts ORDER BY contact_id"),
      ).toEqual([{ contact_id: "C2" }, { contact_id: "C3" }]);
      const entry = await warehouse.one<{ detail: string }>(
        "SELECT detail FROM meta.audit_log WHERE command = 'erase'",
      );
      expect(JSON.parse(entry!.detail)).toMatchObject({ persons: 1, lookup: "email" });
      expect(entry!.detail).not.toContain("qvorzle");
    } finally {
      warehouse.close();
    }
  }, 360_000);

  it("answers a value that names nobody with one line on stderr and erases nothing", () => {
    const result = slm(project.dir, ["erase", "nobody@example.org"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("slm: no person found for that value; nothing was erased\n");
    expect(slm(project.dir, ["erase", "--help"]).stdout).toContain("Usage: slm erase");
  });

  it("leaves no byte of the person in the warehouse file or its WAL", async () => {
    for (const needle of [MARKER, ERASED_EMAIL, "9001011239"]) {
      expect(bytesHold(db, needle), needle).toBe(false);
      expect(bytesHold(`${db}.wal`, needle), needle).toBe(false);
    }
  });
});
