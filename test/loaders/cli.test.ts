import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileList } from "../../app/profiles.ts";
import { ingestCommand } from "../../cli/commands/ingest.ts";
import { qualityCommand } from "../../cli/commands/quality.ts";
import type { IngestResult } from "../../loaders/ingest.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { loadConfig } from "../../warehouse/config.ts";
import { Warehouse } from "../../warehouse/connection.ts";
import { crmCsv, crmFormRow, FIXTURES, slm, tempProject } from "../helpers/project.ts";
import { LOADER_FIXTURES } from "./harness.ts";

/** The loader's commands as a user runs them (each process start costs a second, so a few run in-process). */
describe("slm profile, ingest --profile and quality", () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project.remove());

  it("profile list shows name, contract and match", async () => {
    const text = slm(project.dir, ["profile", "list"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^uci-dropout\s+records\.student_outcomes\s+data\.csv$/m);
    expect(profileList(await loadProfiles())).toContainEqual(
      expect.objectContaining({
        name: "duo-wo-inscriptions",
        contract: "external.programme_counts",
        match: "wo_inscriptions_*.csv",
      }),
    );
  });

  it("profile infer writes a draft to --out and its notes to stderr", () => {
    const out = join(project.dir, "draft.json");
    const result = slm(project.dir, [
      "profile",
      "infer",
      join(LOADER_FIXTURES, "infer", "course_registrations_2026-01-31.csv"),
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/check: column "Note" is not mapped/);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ contract: "records.course_registrations" });
  });

  it("ingest --profile loads a file whatever its name; quality reports what was quarantined", async () => {
    const ingest = slm(project.dir, [
      "ingest",
      "--profile",
      "duo-wo-inscriptions",
      join(LOADER_FIXTURES, "duo", "wo_inscriptions_2019.csv"),
      "--json",
    ]);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toEqual([
      expect.objectContaining({ rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rawRows: 15 }),
    ]);
    const text = slm(project.dir, ["quality"]);
    expect(text.code).toBe(0);
    // By default the value's shape, never the line (clear text stays in raw); --show-values shows both.
    expect(text.stdout).toMatch(
      /wo_inscriptions_2019\.csv: bad_integer \(1\)\n {2}line 5, 2017: shape "x"\n/,
    );
    expect(text.stdout).toMatch(/wo_inscriptions_2019\.csv: blank_line \(1\)\n {2}line 4:\n/);
    const shown = slm(project.dir, ["quality", "--show-values"]);
    expect(shown.stdout).toMatch(/line 5, 2017: value "[^"]+" \| \S/);
    expect(shown.stdout).toMatch(/blank_line \(1\)\n {2}line 4: \| /);
    const report = await qualityCommand(loadConfig(project.dir));
    expect(report.quarantine.map((group) => [group.reason, group.rows])).toEqual([
      ["bad_integer", 1],
      ["blank_line", 1],
    ]);
  });

  it("ingest tries every file of the inbox: the summary gives each outcome, a failure exits non-zero", () => {
    const dir = tempProject();
    try {
      const inbox = join(dir.dir, "data", "inbox");
      mkdirSync(inbox, { recursive: true });
      const row = crmFormRow();
      writeFileSync(join(inbox, "crm_form_submissions_2026-03-01.csv"), crmCsv([row]));
      writeFileSync(
        join(inbox, "crm_form_submissions_2026-03-02.csv"),
        Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      );
      writeFileSync(join(inbox, "crm_form_submissions_2026-03-03.csv"), crmCsv([["S2", ...row.slice(1)]]));
      // a header that does not match: its reason has a line and column after the file's name
      writeFileSync(join(inbox, "crm_form_submissions_2026-03-04.csv"), "SubmissionId\nS3\n");
      const json = slm(dir.dir, ["ingest", "--json"]);
      expect(json.code).toBe(1);
      expect(
        (JSON.parse(json.stdout) as IngestResult[]).map((r) => [r.file, r.status, r.rowsLoaded, r.error]),
      ).toEqual([
        ["crm_form_submissions_2026-03-01.csv", "loaded", 1, null],
        [
          "crm_form_submissions_2026-03-02.csv",
          "failed",
          0,
          "crm_form_submissions_2026-03-02.csv: not a delimited text file: looks like a PNG image",
        ],
        ["crm_form_submissions_2026-03-03.csv", "loaded", 1, null],
        [
          "crm_form_submissions_2026-03-04.csv",
          "failed",
          0,
          expect.stringMatching(
            /^crm_form_submissions_2026-03-04\.csv \(line 1, column "ContactId"\): missing columns/,
          ),
        ],
      ]);
      expect(json.stderr).toMatch(
        /\nslm: 2 of 4 files failed: crm_form_submissions_2026-03-02\.csv, crm_form_submissions_2026-03-04\.csv \(each reason is above\); the others were loaded or already loaded\n$/,
      );
      const text = slm(dir.dir, ["ingest"]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(
        /^crm_form_submissions_2026-03-01\.csv\s+crm\.form_submissions\s+skipped\s.*already loaded as file 1/m,
      );
      expect(text.stdout).toMatch(
        /^crm_form_submissions_2026-03-02\.csv\s+crm\.form_submissions\s+failed\s.*not a delimited text file: looks like a PNG image$/m,
      );
      expect(text.stdout).toMatch(
        /^crm_form_submissions_2026-03-04\.csv\s+crm\.form_submissions\s+failed\s.*\s\(line 1, column "ContactId"\): missing columns "ContactId"/m,
      );
    } finally {
      dir.remove();
    }
  });

  it("ingest --replace loads a file again in place of its loaded version; --json gives replacedFileId", async () => {
    const dir = tempProject();
    try {
      const file = join(dir.dir, "crm_form_submissions_2026-03-01.csv");
      const row = crmFormRow();
      writeFileSync(file, crmCsv([row]));
      const [first] = await ingestCommand(loadConfig(dir.dir), [file], {});
      expect(first).toMatchObject({ status: "loaded", fileId: 1 });
      writeFileSync(file, crmCsv([row, ["S2", ...row.slice(1)]]));
      const json = slm(dir.dir, ["ingest", "--replace", file, "--reason", "two rows were missing", "--json"]);
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual([
        expect.objectContaining({ status: "loaded", fileId: 2, replacedFileId: 1, rowsLoaded: 2 }),
      ]);
      expect(json.stderr).toMatch(/2 loaded, 0 quarantined, replacing file 1 /);
      // a replace names its files: the whole inbox is never replaced by default
      const bare = slm(dir.dir, ["ingest", "--replace"]);
      expect(bare.code).toBe(1);
      expect(bare.stderr).toMatch(/slm: --replace needs the files to load again/);
      const warehouse = await Warehouse.open(join(dir.dir, "data", "warehouse.duckdb"), { readOnly: true });
      try {
        const audit = await warehouse.one<{ detail: string }>(
          "SELECT detail FROM meta.audit_log WHERE command = 'ingest' ORDER BY logged_at DESC LIMIT 1",
        );
        expect(JSON.parse(audit!.detail)).toMatchObject({ files: 1, loaded: 1, replaced: 1 });
        expect(await warehouse.all("SELECT file_id, replaced_by, reason FROM meta.file_replacement")).toEqual(
          [{ file_id: 1, replaced_by: 2, reason: "two rows were missing" }],
        );
      } finally {
        warehouse.close();
      }
      const status = slm(dir.dir, ["status", "--json"]);
      expect(JSON.parse(status.stdout).sources).toEqual([
        expect.objectContaining({ source: "crm", entity: "form_submissions", files: 1, rows_loaded: 2 }),
      ]);
    } finally {
      dir.remove();
    }
  });

  it("ingest refuses a link in the inbox and never shows what it points to", () => {
    const dir = tempProject();
    try {
      const inbox = join(dir.dir, "data", "inbox");
      mkdirSync(inbox, { recursive: true });
      symlinkSync("/etc/passwd", join(inbox, "crm_form_submissions_2026-03-01.csv"));
      const ingest = slm(dir.dir, ["ingest"]);
      expect(ingest.code).toBe(1);
      expect(ingest.stderr).toMatch(
        /\nslm: crm_form_submissions_2026-03-01\.csv: a symbolic link, not a file: the inbox reads regular files only; copy the file itself in, or name it on the command line\n$/,
      );
      const quality = slm(dir.dir, ["quality"]);
      for (const output of [ingest.stdout, ingest.stderr, quality.stdout, quality.stderr]) {
        expect(output).not.toMatch(/root:|nologin/);
      }
    } finally {
      dir.remove();
    }
  });

  it("ingest names an unknown profile; quality without a warehouse says what to do", async () => {
    await expect(
      // a file every clone has (the datasets may be absent): the profile's name is checked before any is read
      ingestCommand(
        loadConfig(project.dir),
        [join(FIXTURES, "sources", "nordic", "joint_applicants_2024.csv")],
        {
          profile: "nope",
        },
      ),
    ).rejects.toThrow(/^unknown profile "nope"; known: /);
    const empty = tempProject();
    try {
      await expect(qualityCommand(loadConfig(empty.dir))).rejects.toThrow(
        /no warehouse yet at .*: run slm ingest first/,
      );
    } finally {
      empty.remove();
    }
  });
});
