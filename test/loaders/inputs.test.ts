import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../../loaders/ingest.ts";
import { expandInputs, listInputs, refusal } from "../../loaders/inputs.ts";
import { loadProfiles } from "../../loaders/profile.ts";
import { crmCsv, crmFormRow, tempProject } from "../helpers/project.ts";
import { LoaderBench, registrationsProfile } from "./harness.ts";

const ROW = crmFormRow();

/**
 * An inbox is a folder anyone with access can drop things into: only its regular files are read. A
 * link could point anywhere (/etc/passwd), and opening a named pipe blocks for ever.
 */
describe("what the inbox refuses", () => {
  let bench: LoaderBench;
  let outside: ReturnType<typeof tempProject>;
  let inbox: string;
  let target: string;
  beforeAll(async () => {
    bench = await LoaderBench.open();
    outside = tempProject("slm-outside-");
    target = join(outside.dir, "elsewhere.csv");
    writeFileSync(target, crmCsv([ROW]));
    inbox = join(bench.dir, "inbox");
    mkdirSync(inbox);
    writeFileSync(join(inbox, "crm_form_submissions_2026-03-01.csv"), crmCsv([["S2", ...ROW.slice(1)]]));
    symlinkSync(target, join(inbox, "crm_form_submissions_2026-03-02.csv"));
    expect(spawnSync("mkfifo", [join(inbox, "crm_form_submissions_2026-03-03.csv")]).status).toBe(0);
    mkdirSync(join(inbox, "crm_form_submissions_2026-03-04.csv")); // a folder: not a file, passed over
  });
  afterAll(() => {
    bench.close();
    outside.remove();
  });

  it("lists every data-file name in a folder, saying which entries it refuses and why", () => {
    expect(listInputs([inbox]).map((input) => [input.path.slice(inbox.length + 1), refusal(input)])).toEqual([
      ["crm_form_submissions_2026-03-01.csv", null],
      [
        "crm_form_submissions_2026-03-02.csv",
        "a symbolic link, not a file: the inbox reads regular files only; copy the file itself in, or name it on the command line",
      ],
      [
        "crm_form_submissions_2026-03-03.csv",
        "a named pipe (FIFO), not a regular file: the inbox reads regular files only; remove it",
      ],
    ]);
    expect(expandInputs([inbox])).toEqual([join(inbox, "crm_form_submissions_2026-03-01.csv")]);
  });

  it("a link or a pipe in the inbox fails with its reason and is never read; the regular file loads", async () => {
    const results = await ingestFiles(bench.warehouse, listInputs([inbox]), {
      profiles: await loadProfiles(),
    });
    expect(results.map((r) => [r.status, r.rowsLoaded, r.error])).toEqual([
      ["loaded", 1, null],
      [
        "failed",
        0,
        expect.stringMatching(/^crm_form_submissions_2026-03-02\.csv: a symbolic link, not a file/),
      ],
      ["failed", 0, expect.stringMatching(/^crm_form_submissions_2026-03-03\.csv: a named pipe \(FIFO\)/)],
    ]);
    const ids = await bench.warehouse.all("SELECT submission_id FROM raw.crm__form_submissions");
    expect(ids).toEqual([{ submission_id: "S2" }]);
  });

  it("a link named on the command line is followed; a pipe named there is still refused", async () => {
    const link = join(bench.dir, "crm_form_submissions_2026-04-01.csv");
    symlinkSync(target, link);
    const pipe = join(bench.dir, "crm_form_submissions_2026-04-02.csv");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    const results = await ingestFiles(bench.warehouse, listInputs([link, pipe]), {
      profiles: await loadProfiles(),
    });
    expect(results.map((r) => [r.status, r.rowsLoaded, r.error])).toEqual([
      ["loaded", 1, null],
      [
        "failed",
        0,
        "crm_form_submissions_2026-04-02.csv: a named pipe (FIFO), not a regular file: name a regular file",
      ],
    ]);
  }, 10_000);

  it("a header that does not match names the expected and missing columns, never the file's line", async () => {
    const secret = "root:x:0:0:root:/root:/bin/bash";
    const path = bench.write("passwd.csv", `${secret}\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n`);
    const result = await bench.expectRefused(path, /missing columns "student"/, registrationsProfile());
    expect(result.error).toBe(
      'passwd.csv (line 1, column "student"): missing columns "student" (required field student_key), "course" (required field course_code); the profile "test" expects the columns student, course, term, registered, day, credits',
    );
    expect(result.error).not.toContain("root");
  });
});
