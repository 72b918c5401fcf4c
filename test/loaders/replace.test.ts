import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IngestResult } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { QUARANTINE_WITH_LINES } from "../../loaders/quarantine-store.ts";
import { ensureAllRawTables } from "../../loaders/raw-tables.ts";
import { registerModelFunctions } from "../../pipelines/functions/register.ts";
import { eraseRawRows } from "../../pipelines/privacy/erasure.ts";
import { parseConfig } from "../../warehouse/config.ts";
import { CONTACTS } from "../cli/privacy.fixture.ts";
import { LOADER_FIXTURES, LoaderBench, registrationsProfile } from "./harness.ts";

const HEADER = "student,course,term,registered,day,credits";
const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;
/** Two US-style dates: every row quarantined under the ISO profile, loaded with formats.registered_on. */
const US_DATES = csv("S1,C1,HT25,08/30/2025,1,7.5", "S2,C1,HT25,08/31/2025,2,7.5");
const fixedProfile = () => registrationsProfile({}, { formats: { registered_on: "%m/%d/%Y" } });

/** Every row of every raw and meta table, so a failed replace can be shown to leave all of them as they were. */
async function snapshot(bench: LoaderBench): Promise<Record<string, unknown[]>> {
  const tables = await bench.warehouse.all<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_schema IN ('raw', 'meta') ORDER BY ALL`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { s, t } of tables) {
    out[`${s}.${t}`] = await bench.warehouse.all(`SELECT * FROM "${s}"."${t}" ORDER BY ALL`);
  }
  return out;
}

describe("slm ingest --replace: a new version of a loaded file takes its place", () => {
  let bench: LoaderBench;
  beforeEach(async () => {
    bench = await LoaderBench.open();
  });
  afterEach(() => bench.close());

  const replace = async (path: string, profile = fixedProfile(), reason?: string) => {
    const [result] = await bench.ingestWith([path], profile, { replace: true, replaceReason: reason });
    return result!;
  };
  const registrations = () =>
    bench.warehouse.all(
      "SELECT _file_id, _row, student_key, strftime(registered_on, '%Y-%m-%d') AS registered_on FROM raw.records__course_registrations ORDER BY ALL",
    );

  it("reloads a file whose rows were all quarantined, once its profile is fixed, keeping the lineage", async () => {
    const path = bench.write("us-dates.csv", US_DATES);
    const [first] = await bench.ingest([path], registrationsProfile());
    expect(first).toMatchObject({ status: "failed", fileId: 1, rowsQuarantined: 2, replacedFileId: null });
    // the failure says how to load the file again once the profile is fixed
    expect(first!.error).toMatch(
      new RegExp(
        `^us-dates\\.csv: none of its 2 rows loaded, all were quarantined; top reasons: bad_date in column "registered" \\(2 rows\\): check formats\\.registered_on in profile "test" \\(the column's date format\\); after fixing the profile, load it again with: slm ingest --replace ${path.replace(/[.]/g, "\\.")}$`,
      ),
    );
    // without --replace the same content is skipped, with the same advice
    const [skipped] = await bench.ingest([path], fixedProfile());
    expect(skipped).toMatchObject({ status: "skipped", fileId: 1 });
    expect(skipped!.note).toMatch(
      /every row quarantined \(slm quality; after fixing the profile: slm ingest --replace /,
    );

    const replaced = await replace(path, fixedProfile(), "date format fixed");
    expect(replaced).toMatchObject({
      status: "loaded",
      fileId: 2,
      replacedFileId: 1,
      rowsRead: 2,
      rowsLoaded: 2,
      rowsQuarantined: 0,
      error: null,
    });
    await bench.expectInvariant(replaced);
    expect(await registrations()).toEqual([
      { _file_id: 2, _row: 1, student_key: "S1", registered_on: "2025-08-30" },
      { _file_id: 2, _row: 2, student_key: "S2", registered_on: "2025-08-31" },
    ]);
    // the old version's quarantine rows and clear-text lines left with it
    expect(await bench.warehouse.all(`SELECT file_id, reason FROM ${QUARANTINE_WITH_LINES}`)).toEqual([]);
    expect(await bench.warehouse.all("SELECT file_id, file_name FROM meta.load_manifest")).toEqual([
      { file_id: 2, file_name: "us-dates.csv" },
    ]);
    const lineage = await bench.warehouse.all(
      `SELECT file_id, file_name, profile, rows_loaded, rows_quarantined, replaced_by, actor, reason,
              replaced_at >= finished_at AS after_load
         FROM meta.file_replacement`,
    );
    expect(lineage).toEqual([
      {
        file_id: 1,
        file_name: "us-dates.csv",
        profile: "test",
        rows_loaded: 0,
        rows_quarantined: 2,
        replaced_by: 2,
        actor: expect.any(String),
        reason: "date format fixed",
        after_load: true,
      },
    ]);
  });

  it("replaces a changed version of the same name: its rows and quarantined lines go, the new ones come", async () => {
    const path = bench.write("regs.csv", csv("S1,C1,HT25,08/30/2025,1,7.5", "S2,C1,HT25,31/08/2025,2,7.5"));
    const first = await bench.ingestOne(path, fixedProfile());
    expect(first).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 1 });
    expect(await bench.warehouse.scalar("SELECT count(*)::INTEGER FROM raw.quarantined_lines")).toBe(1);
    bench.write(
      "regs.csv",
      csv("S1,C1,HT25,08/30/2025,1,7.5", "S2,C1,HT25,08/31/2025,2,7.5", "S3,C2,HT25,09/01/2025,1,5"),
    );
    const second = await replace(path);
    expect(second).toMatchObject({ status: "loaded", replacedFileId: first.fileId, rowsLoaded: 3 });
    await bench.expectInvariant(second);
    expect((await registrations()).map((r) => (r as { student_key: string }).student_key)).toEqual([
      "S1",
      "S2",
      "S3",
    ]);
    expect(await bench.warehouse.scalar("SELECT count(*)::INTEGER FROM raw.quarantined_lines")).toBe(0);
    expect(await bench.warehouse.scalar("SELECT count(*)::INTEGER FROM meta.quarantine")).toBe(0);
    // a plain ingest of the replaced version (still in someone's inbox) does not bring it back
    mkdirSync(join(bench.dir, "old"));
    bench.write("old/regs.csv", csv("S1,C1,HT25,08/30/2025,1,7.5", "S2,C1,HT25,31/08/2025,2,7.5"));
    const [old] = await bench.ingest([join(bench.dir, "old", "regs.csv")], fixedProfile());
    expect(old).toMatchObject({ status: "skipped", fileId: null });
    expect(old!.note).toMatch(
      /^a version replaced by file 2 at .* \(it was file 1, regs\.csv\); to make it current again: slm ingest --replace /,
    );
  });

  it("a failed replace leaves every raw and meta table exactly as it was", async () => {
    const path = bench.write("regs.csv", csv("S1,C1,HT25,08/30/2025,1,7.5", "S2,C1,HT25,31/08/2025,2,7.5"));
    const first = await bench.ingestOne(path, fixedProfile());
    const before = await snapshot(bench);
    // a new version that cannot be read at all: its header is not the profile's
    bench.write("regs.csv", "name,when\nS1,2025-08-30\n");
    const unreadable = await replace(path);
    expect(unreadable).toMatchObject({ status: "failed", fileId: null, replacedFileId: null });
    expect(await snapshot(bench)).toEqual(before);
    // a new version whose every row is quarantined: loading it would empty raw of this file, so it is undone
    bench.write("regs.csv", csv("S1,C1,HT25,2025-08-30,1,7.5", "S2,C1,HT25,2025-08-31,2,7.5"));
    const quarantined = await replace(path);
    expect(quarantined).toMatchObject({ status: "failed", fileId: null });
    expect(quarantined.error).toBe(
      `regs.csv: none of its 2 rows loaded, all were quarantined; top reasons: bad_date in column "registered" (2 rows): check formats.registered_on in profile "test" (the column's date format); nothing was replaced (file ${first.fileId} stays loaded as it was): fix the profile and replace it again`,
    );
    expect(await snapshot(bench)).toEqual(before);
  });

  it("refuses a replace with nothing to replace, or with several loaded files of that name", async () => {
    const path = bench.write("new.csv", US_DATES);
    const none = await replace(path);
    expect(none).toMatchObject({ status: "failed", fileId: null });
    expect(none.error).toBe(
      "new.csv: --replace: no loaded file of records.course_registrations has this name or this content, so there is nothing to replace; load it without --replace",
    );
    // the same name delivered twice with different rows: both are loaded, so which one to replace is unclear
    await bench.ingestOne(path, fixedProfile());
    bench.write("new.csv", csv("S9,C1,HT25,08/30/2025,1,7.5"));
    await bench.ingestOne(path, fixedProfile());
    const ambiguous = await replace(path);
    expect(ambiguous.error).toBe(
      "new.csv: --replace is ambiguous: 2 loaded files of records.course_registrations have this name (file ids 1, 2); nothing was replaced",
    );
  });

  it("replaces an unpivoted file: its wide rows and its unpivot record go with it", async () => {
    const path = join(LOADER_FIXTURES, "duo", "wo_inscriptions_2019.csv");
    const profile = (await loadProfiles()).get("duo-wo-inscriptions")!;
    const first = await bench.ingestOne(path, profile);
    const [second] = await bench.ingestWith([path], profile, { replace: true });
    expect(second).toMatchObject({ status: "loaded", replacedFileId: first.fileId, rawRows: first.rawRows });
    await bench.expectInvariant(second!);
    expect(
      await bench.warehouse.all(
        "SELECT DISTINCT _file_id FROM raw.external__programme_counts UNION ALL SELECT file_id FROM meta.load_unpivot",
      ),
    ).toEqual([{ _file_id: second!.fileId }, { _file_id: second!.fileId }]);
  });

  it("replaces the same content loaded under another name (a profile matched wrongly, a renamed copy)", async () => {
    const first = await bench.ingestOne(bench.write("a.csv", US_DATES), fixedProfile());
    const second = await replace(bench.write("b.csv", US_DATES));
    expect(second).toMatchObject({ status: "loaded", replacedFileId: first.fileId, rowsLoaded: 2 });
    expect(await bench.warehouse.all("SELECT file_name FROM meta.load_manifest")).toEqual([
      { file_name: "b.csv" },
    ]);
  });
});

describe("slm ingest --replace and erasure", () => {
  let bench: LoaderBench;
  beforeEach(async () => {
    bench = await LoaderBench.open();
    await registerModelFunctions(bench.warehouse, {
      key: randomBytes(32),
      config: parseConfig({}),
      referenceDate: "2026-11-23",
    });
  });
  afterEach(() => bench.close());

  it("an erased person's rows do not come back through a replace, the same content or a new one", async () => {
    const profiles = await loadProfiles();
    const path = bench.write("crm_contacts_2026-10-31.csv", CONTACTS);
    const ingest = async (replace: boolean): Promise<IngestResult> => {
      const [result] = await bench.ingestWith([path], undefined, { replace, profiles });
      return result!;
    };
    expect(await ingest(false)).toMatchObject({ status: "loaded", rowsLoaded: 3 });
    // `slm erase` of contact C1: its identifiers on the list, then its raw rows gone
    await bench.warehouse.run(
      "INSERT INTO meta.erasure_request VALUES ('e1', now(), 'email', 1, 'recorded', NULL)",
    );
    await bench.warehouse.run(
      "INSERT INTO meta.erasure_list SELECT system_key('crm', 'C1'), 'system_id', 'e1', now()",
    );
    await ensureAllRawTables(bench.warehouse);
    await eraseRawRows(bench.warehouse, "e1");
    const contacts = () => bench.warehouse.all("SELECT contact_id FROM raw.crm__contacts ORDER BY ALL");
    expect(await contacts()).toEqual([{ contact_id: "C2" }, { contact_id: "C3" }]);

    const same = await ingest(true);
    expect(same).toMatchObject({ status: "loaded", replacedFileId: 1, rowsLoaded: 2, rowsQuarantined: 1 });
    expect(await contacts()).toEqual([{ contact_id: "C2" }, { contact_id: "C3" }]);
    bench.write(
      "crm_contacts_2026-10-31.csv",
      `${CONTACTS}C4,Dag,Dahl,dag@example.org,,,,SE,,DVK,web,2024-04-01 10:00:00,\r\n`,
    );
    const changed = await ingest(true);
    expect(changed).toMatchObject({ status: "loaded", replacedFileId: same.fileId, rowsLoaded: 3 });
    expect(await contacts()).toEqual([{ contact_id: "C2" }, { contact_id: "C3" }, { contact_id: "C4" }]);
    expect(
      await bench.warehouse.all(
        `SELECT file_id, line, reason, value, raw_line FROM ${QUARANTINE_WITH_LINES}`,
      ),
    ).toEqual([{ file_id: changed.fileId, line: 2, reason: "erased_person", value: null, raw_line: null }]);
  });
});
