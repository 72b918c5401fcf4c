import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandInputs, type IngestResult, ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { QUARANTINE_WITH_LINES } from "../../loaders/quarantine-store.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { crmCsv, crmFormRow, FIXTURES, tempProject } from "../helpers/project.ts";

const FIXTURE = join(FIXTURES, "crm", "crm_form_submissions_2026-02-06.csv");

const profiles = await loadProfiles();

describe("ingest of a CRM form submissions export", () => {
  let warehouse: Warehouse;
  let project: ReturnType<typeof tempProject>;

  beforeEach(async () => {
    project = tempProject();
    warehouse = await Warehouse.open(join(project.dir, "w.duckdb"));
  });
  afterEach(() => {
    warehouse.close();
    project.remove();
  });

  it("loads good rows with lineage and quarantines every other row with file, line, column and reason", async () => {
    const [result] = await ingestFiles(warehouse, [FIXTURE], { profiles });
    expect(result).toMatchObject({
      status: "loaded",
      profile: "demo-crm-form-submissions",
      rowsRead: 9,
      rowsLoaded: 4,
      rowsQuarantined: 5,
    });
    const raw = await warehouse.all(
      "SELECT _file_id, _row, submission_id, contact_id, first_name, strftime(submitted_at, '%Y-%m-%d %H:%M') AS at FROM raw.crm__form_submissions ORDER BY _row",
    );
    expect(raw).toEqual([
      {
        _file_id: 1,
        _row: 1,
        submission_id: "S1",
        contact_id: "C1",
        first_name: "Åsa",
        at: "2026-01-05 10:00",
      },
      {
        _file_id: 1,
        _row: 2,
        submission_id: "S2",
        contact_id: "C1",
        first_name: "Åsa",
        at: "2026-01-20 11:30",
      },
      {
        _file_id: 1,
        _row: 3,
        submission_id: "S3",
        contact_id: "C2",
        first_name: "Björn",
        at: "2026-02-01 09:15",
      },
      {
        _file_id: 1,
        _row: 4,
        submission_id: "S4",
        contact_id: "C3",
        first_name: "Kim",
        at: "2026-02-03 14:00",
      },
    ]);
    const quarantine = await warehouse.all(
      `SELECT file_name, line, column_name, value, reason FROM ${QUARANTINE_WITH_LINES} ORDER BY line`,
    );
    const file = "crm_form_submissions_2026-02-06.csv";
    expect(quarantine).toEqual([
      { file_name: file, line: 6, column_name: "SubmittedAt", value: "03/02/2026", reason: "bad_timestamp" },
      { file_name: file, line: 7, column_name: "ContactId", value: null, reason: "missing_required" },
      { file_name: file, line: 8, column_name: "FormType", value: "party_invite", reason: "not_accepted" },
      {
        file_name: file,
        line: 9,
        column_name: "Campaign",
        value: null,
        reason: "malformed_line:missing_columns",
      },
      { file_name: file, line: 10, column_name: "SubmissionId", value: "Totalt", reason: "totals_row" },
    ]);
    const manifest = await warehouse.one(
      "SELECT rows_read, rows_loaded, rows_quarantined, source, entity, raw_table FROM meta.load_manifest",
    );
    expect(manifest).toEqual({
      rows_read: 9,
      rows_loaded: 4,
      rows_quarantined: 5,
      source: "crm",
      entity: "form_submissions",
      raw_table: "raw.crm__form_submissions",
    });
  });

  it("loads the same content once, whatever the file is called; a changed file is a new version", async () => {
    const copy = join(project.dir, "crm_form_submissions_2026-02-07.csv");
    writeFileSync(copy, crmCsv([crmFormRow("S9", "C9")]));
    const first = await ingestFiles(warehouse, [FIXTURE, copy], { profiles });
    expect(first.map((r) => r.status)).toEqual(["loaded", "loaded"]);
    const again = await ingestFiles(warehouse, [FIXTURE, copy], { profiles });
    expect(again.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(again[0]!.note).toMatch(/already loaded as file 1/);
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM raw.crm__form_submissions")).toBe(5);
    writeFileSync(copy, crmCsv([crmFormRow("S9", "C9", "web_form")]));
    const changed = await ingestFiles(warehouse, [copy], { profiles });
    expect(changed[0]).toMatchObject({ status: "loaded", fileId: 3, rowsLoaded: 1 });
  });

  it("keeps rows read = loaded + quarantined, and leaves nothing behind when a file cannot load", async () => {
    const broken = join(project.dir, "crm_form_submissions_broken.csv");
    writeFileSync(broken, "\uFEFFSubmissionId,FormType,SubmittedAt\r\nS1,inquiry,2026-01-01 00:00:00\r\n");
    const [result] = await ingestFiles(warehouse, [broken], { profiles });
    expect(result).toMatchObject({ status: "failed", fileId: null, rowsRead: 0 });
    expect(result!.error).toMatch(
      /crm_form_submissions_broken\.csv \(line 1, column "ContactId"\): missing column "ContactId"/,
    );
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM meta.load_manifest")).toBe(0);
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM meta.quarantine")).toBe(0);
  });

  it("names a duplicate header and an empty file", async () => {
    const duplicate = join(project.dir, "crm_form_submissions_dup.csv");
    writeFileSync(duplicate, crmCsv([]).replace("Campaign", "Channel"));
    const empty = join(project.dir, "crm_form_submissions_empty.csv");
    writeFileSync(empty, "");
    const results = await ingestFiles(warehouse, [duplicate, empty], { profiles });
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ["failed", expect.stringMatching(/duplicate header "Channel" in columns 5 and 6/)],
      ["failed", expect.stringMatching(/crm_form_submissions_empty\.csv \(line 1\): no header/)],
    ]);
  });

  it("tries every file of a batch: one that cannot load, or that no profile matches, fails alone", async () => {
    const inbox = join(project.dir, "inbox");
    mkdirSync(inbox);
    const row = (id: string) => crmFormRow(id, "C9");
    writeFileSync(join(inbox, "crm_form_submissions_2026-03-01.csv"), crmCsv([row("S1")]));
    // sorted between the good files: a PNG, and a file with no matching profile
    writeFileSync(
      join(inbox, "crm_form_submissions_2026-03-02.csv"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
    );
    writeFileSync(join(inbox, "crm_form_submissions_2026-03-03.csv"), crmCsv([row("S2"), row("S3")]));
    writeFileSync(join(inbox, "crm_form_submissions_2026-03-04.txt"), "a,b\n1,2\n");
    writeFileSync(join(inbox, "crm_form_submissions_2026-03-05.csv"), crmCsv([row("S4")]));
    const outcome = (r: IngestResult) => [r.file, r.status, r.rowsLoaded, r.error];
    const first = await ingestFiles(warehouse, expandInputs([inbox]), { profiles });
    expect(first.map(outcome)).toEqual([
      ["crm_form_submissions_2026-03-01.csv", "loaded", 1, null],
      [
        "crm_form_submissions_2026-03-02.csv",
        "failed",
        0,
        "crm_form_submissions_2026-03-02.csv: not a delimited text file: looks like a PNG image",
      ],
      ["crm_form_submissions_2026-03-03.csv", "loaded", 2, null],
      [
        "crm_form_submissions_2026-03-04.txt",
        "failed",
        0,
        expect.stringMatching(
          /^crm_form_submissions_2026-03-04\.txt: no source profile matches this file name/,
        ),
      ],
      ["crm_form_submissions_2026-03-05.csv", "loaded", 1, null],
    ]);
    expect(first[3]).toMatchObject({ profile: null, source: null, entity: null, fileId: null });
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM raw.crm__form_submissions")).toBe(4);
    // Again: the loaded files are skipped, the failed ones fail again, each with its reason.
    const again = await ingestFiles(warehouse, expandInputs([inbox]), { profiles });
    expect(again.map((r) => r.status)).toEqual(["skipped", "failed", "skipped", "failed", "skipped"]);
  });

  it("a file that cannot be read (gone since it was listed) fails alone, naming it", async () => {
    const gone = join(project.dir, "crm_form_submissions_gone.csv");
    writeFileSync(gone, crmCsv([]));
    const files = expandInputs([gone, FIXTURE]);
    rmSync(gone);
    const results = await ingestFiles(warehouse, files, { profiles });
    expect(results.map((r) => [r.status, r.error])).toEqual([
      [
        "failed",
        "crm_form_submissions_gone.csv: cannot read this file (ENOENT); check that it exists and is readable",
      ],
      ["loaded", null],
    ]);
  });

  it("an unknown --profile fails the batch before anything is read", async () => {
    await expect(ingestFiles(warehouse, [FIXTURE], { profiles, profileName: "nope" })).rejects.toThrow(
      /^unknown profile "nope"; known: .*demo-crm-form-submissions/,
    );
    expect(await warehouse.scalar<number>("SELECT count(*)::INTEGER FROM meta.load_manifest")).toBe(0);
  });

  // Records are numbered by their place in the temp table the reader fills, not by row_number(): this
  // holds only if that table keeps the file's order when DuckDB reads a large file in parallel ranges.
  it("numbers records in file order in a file the reader splits into parallel ranges", async () => {
    const lines = ["\uFEFFMailingId,ContactId,Department,Campaign,Channel,SentAt,Status"];
    const rows = 400_000;
    const bad = new Set([1, 7_777, 123_457, 250_001, 399_999, rows]);
    for (let n = 1; n <= rows; n++) {
      const sentAt = bad.has(n) ? "not a time" : "2026-03-01 09:00:00";
      lines.push(`M${n},C${n % 9973},Admissions,spring-open-day-${n % 7},email,${sentAt},delivered`);
    }
    const file = join(project.dir, "crm_mailings_2026-03-01.csv");
    writeFileSync(file, `${lines.join("\r\n")}\r\n`);
    const [result] = await ingestFiles(warehouse, [file], { profiles });
    expect(result).toMatchObject({ rowsRead: rows, rowsLoaded: rows - bad.size, rowsQuarantined: bad.size });
    const misnumbered = await warehouse.scalar<number>(
      "SELECT count(*)::INTEGER FROM raw.crm__mailings WHERE mailing_id <> 'M' || _row",
    );
    expect(misnumbered).toBe(0);
    const quarantined = await warehouse.all<{ line: number; value: string }>(
      `SELECT line::INTEGER AS line, split_part(raw_line, ',', 1) AS value FROM ${QUARANTINE_WITH_LINES} ORDER BY line`,
    );
    // line 1 is the header
    expect(quarantined).toEqual([...bad].map((n) => ({ line: n + 1, value: `M${n}` })));
  });

  it("stamps a file's manifest row as finished after its rows went into raw", async () => {
    // Held up after the insert into raw: finished_at must come after it, not at the transaction's start.
    const run = warehouse.run.bind(warehouse);
    let insertedAt = 0;
    warehouse.run = async (sql, params) => {
      await run(sql, params);
      if (sql.includes('INSERT INTO "raw"')) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        insertedAt = Date.now();
      }
    };
    await ingestFiles(warehouse, [FIXTURE], { profiles });
    const stamp = await warehouse.one<{ started: number; finished: number }>(
      "SELECT epoch_ms(started_at) AS started, epoch_ms(finished_at) AS finished FROM meta.load_manifest",
    );
    expect(insertedAt).toBeGreaterThan(0);
    expect(Number(stamp?.finished)).toBeGreaterThanOrEqual(insertedAt);
    expect(Number(stamp?.started)).toBeLessThan(insertedAt - 300);
  });
});
