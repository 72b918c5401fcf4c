import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles, ProfileError, readProfileFile } from "../../loaders/profile.ts";
import { tempProject } from "../helpers/project.ts";
import { LoaderBench } from "./harness.ts";

/** Profiles as files: lookup files (valuesFrom), partial profiles (includes), and broken profile files. */
describe("profile files", () => {
  let bench: LoaderBench;
  let project: ReturnType<typeof tempProject>;
  let folder = 0;
  beforeAll(async () => {
    bench = await LoaderBench.open();
    project = tempProject("slm-profile-files-");
  });
  afterAll(() => {
    bench.close();
    project.remove();
  });

  /** A fresh profiles folder holding the given files (objects are written as JSON). */
  function profilesFolder(files: Record<string, unknown>): string {
    const dir = join(project.dir, `profiles-${++folder}`);
    mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    }
    return dir;
  }

  const applications = (extra: Record<string, unknown> = {}) => ({
    name: "nordic-applications",
    contract: "nya.applications",
    match: "applications_*.csv",
    csv: { delimiter: ";" },
    columns: { Application: "application_code", Applicant: "applicant_id", Programme: "programme_code" },
    ...extra,
  });

  describe("valuesFrom", () => {
    // 100 codes (more than a CASE is written for), a BOM, ';' and one code the inline map overrides.
    const lookup = `\uFEFFold_code;new_code;name\n${Array.from({ length: 100 }, (_, i) => `OLD${i};NEW${i};Programme ${i}`).join("\r\n")}\r\n`;

    it("maps values from a lookup file beside the profile, merged under inline values (inline wins)", async () => {
      const dir = profilesFolder({
        "programmes-map.csv": lookup,
        "nordic.json": applications({
          valuesFrom: { programme_code: { file: "programmes-map.csv", from: "old_code", to: "new_code" } },
          values: { programme_code: { OLD7: "SEVEN" } },
        }),
      });
      const profile = await readProfileFile(join(dir, "nordic.json"));
      expect(Object.keys(profile.values.programme_code!)).toHaveLength(100);
      const result = await bench.ingestOne(
        bench.write(
          "applications_1.csv",
          "Application;Applicant;Programme\nA1;P1;OLD0\nA2;P2;OLD99\nA3;P3;OLD7\nA4;P4;UNKNOWN\n",
        ),
        profile,
      );
      expect(result).toMatchObject({ rowsLoaded: 4, rowsQuarantined: 0 });
      const codes = await bench.warehouse.all<{ programme_code: string }>(
        "SELECT programme_code FROM raw.nya__applications WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(codes.map((row) => row.programme_code)).toEqual(["NEW0", "NEW99", "SEVEN", "UNKNOWN"]);
    });

    it("refuses a lookup outside the profile's folder, a missing one, a missing column and a value mapped two ways", async () => {
      const dir = profilesFolder({
        "lookups/twice.csv": "old_code,new_code\nA,B\nA,C\n",
        "lookups/ok.csv": "old_code,new_code\nA,B\nA,B\n",
      });
      writeFileSync(join(project.dir, "outside.csv"), "old_code,new_code\nA,B\n");
      const refused = (file: string, from = "old_code") => {
        const path = join(dir, "p.json");
        writeFileSync(
          path,
          JSON.stringify(applications({ valuesFrom: { programme_code: { file, from, to: "new_code" } } })),
        );
        return readProfileFile(path);
      };
      await expect(refused("../outside.csv")).rejects.toThrow(
        /p\.json: valuesFrom\.programme_code: "\.\.\/outside\.csv" is outside the profile's folder; keep it beside the profile/,
      );
      await expect(refused(join(project.dir, "outside.csv"))).rejects.toThrow(
        /valuesFrom\.programme_code: ".*" is an absolute path/,
      );
      await expect(refused("nowhere.csv")).rejects.toThrow(
        /valuesFrom\.programme_code: "nowhere\.csv" not found beside the profile/,
      );
      await expect(refused("lookups/ok.csv", "code")).rejects.toThrow(
        /valuesFrom\.programme_code: "ok\.csv": no header line naming both "code" and "new_code"/,
      );
      await expect(refused("lookups/twice.csv")).rejects.toThrow(
        /valuesFrom\.programme_code: "twice\.csv" line 3: a value of "old_code" is mapped a second time, differently/,
      );
      await expect(refused("lookups/ok.csv")).resolves.toBeDefined();
    });

    it("reads a lookup with DuckDB's CSV reader: a quoted cell may hold the delimiter and a line break", async () => {
      const dir = profilesFolder({
        "quoted.csv": 'old_code,new_code\n"A,1","first line\nsecond line"\nB,C\n',
        "quoted-twice.csv": 'old_code,new_code\n"A,1","x\ny"\nB,C\n"A,1",z\n',
        "short.csv": "old_code,new_code\nA,B\nC\n",
      });
      const read = (file: string) => {
        const path = join(dir, `${file}.json`);
        writeFileSync(
          path,
          JSON.stringify(
            applications({ valuesFrom: { programme_code: { file, from: "old_code", to: "new_code" } } }),
          ),
        );
        return readProfileFile(path);
      };
      expect((await read("quoted.csv")).values.programme_code).toEqual({
        "A,1": "first line\nsecond line",
        B: "C",
      });
      // Lines are the file's own: the quoted line break counts.
      await expect(read("quoted-twice.csv")).rejects.toThrow(
        /valuesFrom\.programme_code: "quoted-twice\.csv" line 5: a value of "old_code" is mapped a second time, differently/,
      );
      await expect(read("short.csv")).rejects.toThrow(
        /valuesFrom\.programme_code: "short\.csv" line 3: 1 fields, the header has 2/,
      );
    });
  });

  describe("includes", () => {
    it("merges partial profiles in before validation: objects key by key, the profile's own keys win", async () => {
      const dir = profilesFolder({
        "common-nordic.json": {
          csv: { delimiter: ";", decimalComma: true },
          booleans: { fee_paying: { true: ["Ja"], false: ["Nej"] } },
          values: { programme_code: { OLD1: "NEW1", OLD2: "NEW2" } },
          includes: ["common-codes.json"],
        },
        "common-codes.json": { values: { programme_code: { OLD3: "NEW3" } }, description: "codes" },
        "nordic.json": applications({
          includes: ["common-nordic.json"],
          csv: { headerLine: 2 },
          columns: {
            Application: "application_code",
            Applicant: "applicant_id",
            Programme: "programme_code",
            Fee: "fee_paying",
          },
          values: { programme_code: { OLD2: "MINE" } },
        }),
      });
      const profiles = await loadProfiles([dir]);
      // The parts are not profiles of their own, and not broken ones either.
      expect(profiles.broken).toEqual([]);
      const profile = profiles.get("nordic-applications")!;
      expect(profile).toMatchObject({
        description: "codes",
        csv: { delimiter: ";", decimalComma: true, headerLine: 2 },
        booleans: { fee_paying: { true: ["Ja"], false: ["Nej"] } },
        values: { programme_code: { OLD1: "NEW1", OLD2: "MINE", OLD3: "NEW3" } },
      });
      const result = await bench.ingestOne(
        bench.write(
          "applications_2.csv",
          "Report\nApplication;Applicant;Programme;Fee\nA1;P1;OLD1;Ja\nA2;P2;OLD2;Nej\nA3;P3;OLD3;Kanske\n",
        ),
        profile,
      );
      expect(result).toMatchObject({ rowsLoaded: 2, rowsQuarantined: 1 });
      expect(
        await bench.warehouse.all(
          "SELECT programme_code, fee_paying FROM raw.nya__applications WHERE _file_id = $1 ORDER BY _row",
          [result.fileId],
        ),
      ).toEqual([
        { programme_code: "NEW1", fee_paying: true },
        { programme_code: "MINE", fee_paying: false },
      ]);
    });

    it("a cycle, a path outside the folder and a part that is not JSON make that profile broken, alone", async () => {
      writeFileSync(join(project.dir, "secret.json"), JSON.stringify({ csv: { delimiter: ";" } }));
      const dir = profilesFolder({
        "a.json": applications({ name: "a", match: "a_*.csv", includes: ["b.json"] }),
        "b.json": { includes: ["a.json"] },
        "self.json": applications({ name: "self", match: "s_*.csv", includes: ["self.json"] }),
        "outside.json": applications({ name: "outside", match: "o_*.csv", includes: ["../secret.json"] }),
        "bad-part.json": applications({ name: "bad-part", match: "p_*.csv", includes: ["part.json"] }),
        "part.json": "{ csv: ",
        "fine.json": applications({ name: "fine", match: "f_*.csv" }),
      });
      const profiles = await loadProfiles([dir]);
      expect(profiles.has("fine")).toBe(true);
      expect(profiles.broken.map(({ name, reason }) => [name, reason])).toEqual([
        [
          "a",
          'includes (in b.json): "a.json" is included again (a.json -> b.json -> a.json): a cycle; remove one of these includes',
        ],
        ["bad-part", expect.stringMatching(/^includes: "part\.json": not valid JSON: /)],
        ["outside", `includes: "../secret.json" is outside the profile's folder; keep it beside the profile`],
        [
          "self",
          'includes: "self.json" is included again (self.json -> self.json): a cycle; remove one of these includes',
        ],
      ]);
      await expect(readProfileFile(join(dir, "a.json"))).rejects.toThrow(ProfileError);
    });
  });

  describe("a broken profile", () => {
    it("fails only the files it would have matched; the others load; --profile naming it fails its files", async () => {
      const dir = profilesFolder({
        "good.json": applications({ name: "good", match: "good_*.csv" }),
        // Valid JSON with a mistake: its pattern is known, so the files it is meant for are.
        "typo.json": applications({
          name: "typo",
          match: "typo_*.csv",
          columns: { Application: "aplication_code", Applicant: "applicant_id" },
        }),
        // Not JSON at all: nothing is known of it, so it is only named where no profile matches.
        "draft-gone-wrong.json": '{ "name": "half", ',
        // A draft is never loaded, valid or not.
        "anything.draft.json": "{ not even json",
      });
      const profiles = await loadProfiles([dir]);
      expect(profiles.drafts).toEqual([join(dir, "anything.draft.json")]);
      expect(profiles.broken.map((b) => [b.name, b.match])).toEqual([
        [null, null],
        ["typo", "typo_*.csv"],
      ]);
      const good = bench.write("good_1.csv", "Application;Applicant;Programme\nA1;P1;X\n");
      const typo = bench.write("typo_1.csv", "Application;Applicant;Programme\nA1;P1;X\n");
      const stray = bench.write("stray_1.csv", "Application;Applicant;Programme\nA1;P1;X\n");
      const results = await ingestFiles(bench.warehouse, [good, typo, stray], { profiles });
      expect(results.map((r) => [r.file, r.status, r.rowsLoaded, r.error])).toEqual([
        ["good_1.csv", "loaded", 1, null],
        [
          "typo_1.csv",
          "failed",
          0,
          `typo_1.csv: profile file ${join(dir, "typo.json")} is broken (columns.Application: "aplication_code" is not a field of nya.applications; columns: required field "application_code" is not mapped); fix it, then run again (slm profile list shows the broken profiles)`,
        ],
        [
          "stray_1.csv",
          "failed",
          0,
          `stray_1.csv: no source profile matches this file name; pass --profile or write one (slm profile list); or fix the broken profile file ${join(dir, "draft-gone-wrong.json")}, which may be meant for it`,
        ],
      ]);
      const named = await ingestFiles(bench.warehouse, [stray], { profiles, profileName: "typo" });
      expect(named.map((r) => [r.status, r.error])).toEqual([
        ["failed", expect.stringMatching(/^profile file .*typo\.json is broken \(columns\.Application: /)],
      ]);
    });
  });
});
