import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeWindows1252 } from "../../loaders/encoding/windows1252.ts";
import { ingestFiles } from "../../loaders/ingest.ts";
import { loadProfiles, ProfileError, readProfileFile } from "../../loaders/profile.ts";
import { LoaderBench, registrationsProfile } from "./harness.ts";

const HEADER = "student,course,term,registered,day,credits";
const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;
const GOOD = "S1,C1,HT25,2025-08-30,-3,7.5";

/**
 * Files that go wrong in the ways real exports do. Each either fails whole with a reason naming
 * the file (and line/column where it has one), leaving the warehouse as it was, or loads with the
 * exact rows quarantined — and rows read = loaded + quarantined (checked by ingestOne).
 */
describe("bad input", () => {
  const bench = LoaderBench.forSuite();
  const profile = registrationsProfile();

  const load = (name: string, content: string | Uint8Array, p = profile) =>
    bench.ingestOne(bench.write(name, content), p);

  it("truncated file: the last line cut mid-field is quarantined, the rest loads", async () => {
    const result = await load("truncated.csv", `${HEADER}\n${GOOD}\nS2,C1,HT25,2025-0`);
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: "day", value: null, reason: "malformed_line:missing_columns" },
    ]);
  });

  it("truncated inside a quoted last field: that line is quarantined", async () => {
    const result = await load("truncated-quote.csv", `${HEADER}\n${GOOD}\nS2,C1,HT25,2025-08-30,-3,"7.`);
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
    expect((await bench.quarantine(result.fileId)).map((q) => [q.line, q.reason])).toEqual([
      [3, "malformed_line:unquoted_value"],
    ]);
  });

  it("binary file (PNG bytes) is refused as such", async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    await bench.expectRefused(
      bench.write("picture.csv", png),
      /picture\.csv: not a delimited text file: looks like a PNG image/,
      profile,
    );
  });

  it("a small binary file (five control bytes) is refused as not text", async () => {
    await bench.expectRefused(
      bench.write("binary.csv", Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x61, 0x2c, 0x62, 0x0a])),
      /^binary\.csv: not a delimited text file: looks like binary data, not text/,
      profile,
    );
  });

  it("an .xlsx saved under a .csv name is refused as a ZIP archive", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    await bench.expectRefused(
      bench.write("export.csv", zip),
      /export\.csv: not a delimited text file: looks like a ZIP archive/,
      profile,
    );
  });

  it("empty file is refused", async () => {
    await bench.expectRefused(
      bench.write("empty.csv", ""),
      /empty\.csv \(line 1\): no header at line 1 \(empty file\?\)/,
      profile,
    );
  });

  it("header only: nothing read, nothing lost, a warning", async () => {
    const result = await load("header-only.csv", `${HEADER}\r\n`);
    expect(result).toMatchObject({ rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0 });
    expect(result.warnings).toEqual(["header-only.csv: no data rows below the header"]);
  });

  it("wrong delimiter and headers of another export: refused, naming the missing column and the likely cause", async () => {
    // split by ";" the header holds two of the profile's six names, too few to be taken for its header
    const swedish = csv(GOOD).replace("student,course,term,registered", "elev,kurs,termin,registrerad");
    await bench.expectRefused(
      bench.write("semicolons.csv", swedish.replaceAll(",", ";")),
      /semicolons\.csv \(line 1, column "student"\): missing columns "student" .*holds ";": is csv\.delimiter in the profile right\?/,
      profile,
    );
  });

  it("mixed encodings in one file: UTF-8 lines load, the Windows-1252 line is quarantined", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\nÅsa,C1,HT25,2025-08-30,-3,7.5\n`, "utf8"),
      encodeWindows1252("O’Neil,C1,HT25,2025-08-30,-3,7.5\n"),
      Buffer.from("Björn,C1,HT25,2025-08-31,-2,7.5\n", "utf8"),
    ]);
    const result = await load("mixed.csv", bytes);
    expect(result).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
    expect(result.warnings[0]).toMatch(/mixed encodings/);
    expect((await bench.quarantine(result.fileId)).map((q) => [q.line, q.reason])).toEqual([
      [3, "malformed_line:invalid_encoding"],
    ]);
    const names = await bench.warehouse.all<{ student_key: string }>(
      "SELECT student_key FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(names.map((r) => r.student_key)).toEqual(["Åsa", "Björn"]);
  });

  it("unterminated quote that swallows the following lines: refused, naming the line", async () => {
    const path = bench.write(
      "runaway.csv",
      csv(GOOD, 'S2,"C1,HT25,2025-08-30,-3,7.5', "S3,C1,HT25,2025-08-30,-3,7.5"),
    );
    await bench.expectRefused(path, /runaway\.csv \(line 3\): unterminated quote/, profile);
  });

  it("extra columns in a row are quarantined", async () => {
    const result = await load("extra.csv", csv(GOOD, "S2,C1,HT25,2025-08-30,-3,7.5,surplus"));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: null, value: null, reason: "malformed_line:too_many_columns" },
    ]);
  });

  it("missing columns in a row are quarantined", async () => {
    const result = await load("short.csv", csv(GOOD, "S2,C1,HT25"));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: "registered", value: null, reason: "malformed_line:missing_columns" },
    ]);
  });

  it("a required column missing from the header: refused, naming it", async () => {
    await bench.expectRefused(
      bench.write("no-course.csv", "student,term\nS1,HT25\n"),
      /no-course\.csv \(line 1, column "course"\): missing column "course" \(required field course_code\)/,
      profile,
    );
  });

  it("dates in three formats in one column: only the declared format loads", async () => {
    const result = await load(
      "three-dates.csv",
      csv("S1,C1,HT25,2025-08-30,,", "S2,C1,HT25,30/08/2025,,", "S3,C1,HT25,08/30/2025,,"),
    );
    expect(result).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 2 });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: "registered", value: "30/08/2025", reason: "bad_date" },
      { line: 4, column_name: "registered", value: "08/30/2025", reason: "bad_date" },
    ]);
  });

  it("Excel serial dates in a CSV date column are quarantined, not guessed", async () => {
    const result = await load("serials.csv", csv("S1,C1,HT25,45899,,", GOOD));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 2, column_name: "registered", value: "45899", reason: "bad_date" },
    ]);
  });

  it("leading zeros in codes are kept: text stays text", async () => {
    const result = await load("zeros.csv", csv("0042,0080,HT25,2025-08-30,-3,7.5"));
    const row = await bench.warehouse.one(
      "SELECT student_key, course_code FROM raw.records__course_registrations WHERE _file_id = $1",
      [result.fileId],
    );
    expect(row).toEqual({ student_key: "0042", course_code: "0080" });
  });

  it("formula-looking cells are kept verbatim as text, never evaluated", async () => {
    const result = await load(
      "formula.csv",
      csv('S1,"=HYPERLINK(""http://x.test"",""C1"")",=1+1,2025-08-30,-3,7.5'),
    );
    const row = await bench.warehouse.one(
      "SELECT course_code, term FROM raw.records__course_registrations WHERE _file_id = $1",
      [result.fileId],
    );
    expect(row).toEqual({ course_code: '=HYPERLINK("http://x.test","C1")', term: "=1+1" });
  });

  it("a 10 MB single field loads whole", async () => {
    const big = "x".repeat(10_000_000);
    const result = await load("big-field.csv", csv(`S1,C1,${big},2025-08-30,-3,7.5`, GOOD));
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 2 });
    const length = await bench.warehouse.scalar<number>(
      "SELECT max(length(term))::INTEGER FROM raw.records__course_registrations WHERE _file_id = $1",
      [result.fileId],
    );
    expect(length).toBe(10_000_000);
  });

  it("a 10 MB field in a file with a quoted line break loads whole (both second reads)", async () => {
    const big = "x".repeat(10_000_000);
    const result = await load(
      "big-multiline.csv",
      csv(`S1,C1,${big},2025-08-30,-3,7.5`, 'S2,C1,"HT\n25",2025-08-30,-3,7.5'),
    );
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 2, rowsQuarantined: 0 });
    const terms = await bench.warehouse.all(
      "SELECT student_key, length(term)::INTEGER AS length FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    expect(terms).toEqual([
      { student_key: "S1", length: 10_000_000 },
      { student_key: "S2", length: 5 },
    ]);
  });

  it("a repeated header line mid-file is quarantined", async () => {
    const result = await load("repeated-header.csv", csv(GOOD, HEADER, "S2,C1,HT25,2025-08-30,-3,7.5"));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: null, value: null, reason: "repeated_header" },
    ]);
  });

  it("a totals row is quarantined", async () => {
    const result = await load("totals.csv", csv(GOOD, "Total,,,,,7.5"));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: "student", value: "Total", reason: "totals_row" },
    ]);
  });

  it("duplicate header names: refused when mapped, ignored when not", async () => {
    await bench.expectRefused(
      bench.write("dup.csv", "student,course,course\nS1,C1,C2\n"),
      /dup\.csv \(line 1, column "course"\): duplicate header "course" in columns 2 and 3/,
      profile,
    );
    const result = await load("dup-unmapped.csv", "student,course,note,note\nS1,C1,a,b\n");
    expect(result).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 0 });
  });

  it("NUL bytes: the line is quarantined", async () => {
    const result = await load("nul.csv", csv(GOOD, "S\u00002,C1,HT25,2025-08-30,-3,7.5"));
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3, column_name: null, value: null, reason: "nul_byte" },
    ]);
  });

  it("a NUL byte far past the file's first read chunk: that line is still quarantined", async () => {
    // The NUL check is skipped for files without a 0x00 byte, found while hashing: a NUL beyond the
    // first 64 KB chunk must still be seen.
    const filler = Array.from({ length: 3000 }, (_, i) => `S${i + 10},C1,HT25,2025-08-30,-3,7.5`);
    const result = await load("late-nul.csv", csv(...filler, "S\u00002,C1,HT25,2025-08-30,-3,7.5"));
    expect(result).toMatchObject({ rowsRead: 3001, rowsLoaded: 3000, rowsQuarantined: 1 });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 3002, column_name: null, value: null, reason: "nul_byte" },
    ]);
  });

  it("CR-only line endings load", async () => {
    const result = await load("cr.csv", [HEADER, GOOD, "S2,C1,HT25,2025-08-31,-2,7.5", ""].join("\r"));
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 2 });
  });

  it("one CRLF line in an LF file, or one LF line in a CRLF export, loads every line", async () => {
    const lines = [HEADER, GOOD, "S2,C1,HT25,2025-08-31,-2,7.5", "S3,C1,HT25,2025-09-01,-1,7.5"];
    for (const [name, eol, odd] of [
      ["lf-one-crlf.csv", "\n", "\r\n"],
      ["crlf-one-lf.csv", "\r\n", "\n"],
      ["lf-one-cr.csv", "\n", "\r"],
    ] as const) {
      const text = `${lines[0]}${eol}${lines[1]}${eol}${lines[2]}${odd}${lines[3]}${eol}`;
      const result = await load(name, text);
      expect(result, name).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsQuarantined: 0 });
      const rows = await bench.warehouse.all<{ student_key: string; credits: string }>(
        "SELECT student_key, credits::VARCHAR AS credits FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(rows, name).toEqual(["S1", "S2", "S3"].map((student_key) => ({ student_key, credits: "7.5" })));
    }
  });

  it("mixed line endings: only a line that is really broken is quarantined, at its own line", async () => {
    // CRLF export with lines added by hand in LF, one of them short; a Windows-1252 name, so the
    // file is also transcoded
    const text = [
      `${HEADER}\r\n`,
      `${GOOD}\r\n`,
      "Zoë’s,C1,HT25,2025-08-31,-2,7.5\n",
      "S3,C1,HT25\n",
      "S4,C1,HT25,2025-09-01,-1,7.5\r\n",
      `S5,"C\r\n1",HT25,2025-09-01,-1,7.5\r\n`,
    ].join("");
    const result = await load("mixed-eol.csv", encodeWindows1252(text));
    expect(result).toMatchObject({ rowsRead: 5, rowsLoaded: 4, rowsQuarantined: 1 });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 4, column_name: "registered", value: null, reason: "malformed_line:missing_columns" },
    ]);
    const rows = await bench.warehouse.all<{ student_key: string; course_code: string }>(
      "SELECT student_key, course_code FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
      [result.fileId],
    );
    // a line break inside quotes is kept as a line break (LF, as every line ending becomes)
    expect(rows).toEqual([
      { student_key: "S1", course_code: "C1" },
      { student_key: "Zoë’s", course_code: "C1" },
      { student_key: "S4", course_code: "C1" },
      { student_key: "S5", course_code: "C\n1" },
    ]);
  });

  it("Excel's sep=; first line sets the delimiter and is skipped; line numbers stay the file's", async () => {
    const semicolons = (text: string) => text.replaceAll(",", ";");
    for (const [name, first, eol] of [
      ["sep.csv", "sep=;", "\n"],
      ["sep-quoted.csv", '"sep=;"', "\r\n"],
    ] as const) {
      const text = [
        first,
        ...[HEADER, GOOD, "S2,C1,HT25,31/08/2025,-2,7.5", "S3,C1,HT25,2025-09-01,-1,7.5"].map(semicolons),
        "",
      ];
      // the profile says ","; the file's own hint wins, and says so
      const result = await load(name, text.join(eol), registrationsProfile());
      expect(result, name).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
      expect(result.warnings, name).toEqual([
        `${name}: its first line sep=; sets the delimiter to ";" (the profile says ",")`,
      ]);
      expect(await bench.quarantine(result.fileId), name).toEqual([
        { line: 4, column_name: "registered", value: "31/08/2025", reason: "bad_date" },
      ]);
    }
  });

  it("BOM + ';' loads, the BOM not sticking to the first header", async () => {
    const result = await load(
      "bom.csv",
      `\uFEFF${csv(GOOD).replaceAll(",", ";")}`,
      registrationsProfile({ delimiter: ";" }),
    );
    expect(result).toMatchObject({ rowsRead: 1, rowsLoaded: 1 });
  });

  it("a trailing delimiter on every line loads", async () => {
    const result = await load("trailing.csv", `${HEADER},\n${GOOD},\nS2,C1,HT25,2025-08-31,-2,7.5,\n`);
    expect(result).toMatchObject({ rowsRead: 2, rowsLoaded: 2, rowsQuarantined: 0 });
  });

  it("whitespace-only and delimiter-only lines are quarantined as blank; empty lines are not records", async () => {
    const result = await load("blanks.csv", csv(GOOD, "   ", ",,,,,", "", "S2,C1,HT25,2025-08-31,-2,7.5"));
    expect(result).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsQuarantined: 2 });
    expect((await bench.quarantine(result.fileId)).map((q) => [q.line, q.reason])).toEqual([
      [3, "blank_line"],
      [4, "blank_line"],
    ]);
  });

  it("a bad number and a missing required value are quarantined with their columns", async () => {
    const result = await load(
      "values.csv",
      csv(
        "S1,C1,HT25,2025-08-30,minus three,7.5",
        "S2,,HT25,2025-08-30,-3,7.5",
        "S3,C1,HT25,2025-08-30,-3,7,5",
      ),
    );
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 2, column_name: "day", value: "minus three", reason: "bad_integer" },
      { line: 3, column_name: "course", value: null, reason: "missing_required" },
      { line: 4, column_name: null, value: null, reason: "malformed_line:too_many_columns" },
    ]);
  });

  it("decimal commas: a point is read only as a thousands separator; a decimal point is quarantined, not misread", async () => {
    const semicolon = registrationsProfile({ delimiter: ";", decimalComma: true });
    const lines = [
      "S1;C1;HT25;2025-08-30;1;7,5",
      "S2;C1;HT25;2025-08-30;1;1.234,5",
      "S3;C1;HT25;2025-08-30;1;1\u00a0234,5", // a no-break space groups thousands in sv-SE
      "S4;C1;HT25;2025-08-30;1;-12",
      "S5;C1;HT25;2025-08-30;1;14.48", // was read as 1448
      "S6;C1;HT25;2025-08-30;1;1.23,4",
    ];
    const result = await load(
      "commas.csv",
      `${HEADER.replaceAll(",", ";")}\n${lines.join("\n")}\n`,
      semicolon,
    );
    expect(result).toMatchObject({ rowsRead: 6, rowsLoaded: 4, rowsQuarantined: 2 });
    expect(
      await bench.warehouse.all(
        "SELECT student_key, credits FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      ),
    ).toEqual([
      { student_key: "S1", credits: 7.5 },
      { student_key: "S2", credits: 1234.5 },
      { student_key: "S3", credits: 1234.5 },
      { student_key: "S4", credits: -12 },
    ]);
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 6, column_name: "credits", value: "14.48", reason: "bad_decimal" },
      { line: 7, column_name: "credits", value: "1.23,4", reason: "bad_decimal" },
    ]);
  });

  it("a file wider than slm reads is refused at once, in one line naming the width", async () => {
    // 5,000 columns ran for minutes, then failed with a parser error (the safety probe's wide header).
    const extra = Array.from({ length: 4994 }, (_, i) => `extra${i}`).join(",");
    const path = bench.write("wide.csv", `${HEADER},${extra}\n${GOOD}${",".repeat(4994)}\n`);
    await bench.expectRefused(
      path,
      /^wide\.csv \(line 1\): 5,000 columns in the header; slm reads files of at most 1,000 columns: export only the columns the profile maps$/,
      profile,
    );
  });

  it("a file whose name matches no profile fails, loading nothing", async () => {
    const path = bench.write("mystery_export.csv", csv(GOOD));
    await bench.expectRefused(path, /mystery_export\.csv: no source profile matches this file name/);
  });

  it("an unknown profile name is refused, listing the known ones", async () => {
    const path = bench.write("whatever.csv", csv(GOOD));
    await expect(
      ingestFiles(bench.warehouse, [path], {
        profiles: await loadProfiles(),
        profileName: "no-such-profile",
      }),
    ).rejects.toThrow(/^unknown profile "no-such-profile"; known: .*uci-dropout/);
  });

  it("a profile file with an error names the file and the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slm-profiles-"));
    try {
      const file = join(dir, "broken.json");
      writeFileSync(
        file,
        JSON.stringify({
          name: "broken",
          contract: "records.course_registrations",
          match: "*.csv",
          csv: { delimiter: ";;" },
          columns: { id: "student_key", course: "course_cod" },
        }),
      );
      // Listed as broken with every problem on one line; the other profiles still load.
      const profiles = await loadProfiles([dir]);
      expect(profiles.has("uci-dropout")).toBe(true);
      expect(profiles.broken).toEqual([
        {
          file,
          name: "broken",
          match: "*.csv",
          reason: expect.stringMatching(
            /^csv\.delimiter: .*; columns\.course: "course_cod" is not a field of records\.course_registrations; /,
          ),
        },
      ]);
      await expect(readProfileFile(file)).rejects.toThrow(ProfileError);
      await expect(readProfileFile(file)).rejects.toThrow(
        /broken\.json: csv\.delimiter: .*\n.*broken\.json: columns\.course: "course_cod" is not a field of records\.course_registrations/,
      );
      writeFileSync(file, "{ not json");
      expect((await loadProfiles([dir])).broken).toEqual([
        { file, name: null, match: null, reason: expect.stringMatching(/^not valid JSON: /) },
      ]);
      await expect(readProfileFile(file)).rejects.toThrow(/broken\.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("declared UTF-8 but written in Windows-1252: refused, naming the encoding", async () => {
    const path = bench.write("cp1252.csv", encodeWindows1252(csv("Zoë’s,C1,HT25,2025-08-30,-3,7.5")));
    await bench.expectRefused(
      path,
      /cp1252\.csv: declared UTF-8 but the file is not valid UTF-8 \(looks like windows-1252\)/,
      registrationsProfile({ encoding: "utf-8" }),
    );
  });

  it("a byte-order mark overrules the declared encoding: every row loaded, with a warning", async () => {
    const text = `\uFEFF${csv("Zoë,C1,HT25,2025-08-30,-3,7.5", "Åsa,C2,HT25,2025-08-31,-2,15")}`;
    const utf16be = Buffer.from(text, "utf16le").swap16();
    for (const [name, bytes, declared, mark] of [
      ["excel-unicode-text.csv", Buffer.from(text, "utf16le"), "utf-8", "UTF-16 LE"],
      ["utf16be.csv", utf16be, "windows-1252", "UTF-16 BE"],
      ["utf8-bom.csv", Buffer.from(text, "utf8"), "latin-1", "UTF-8"],
    ] as const) {
      const result = await bench.ingestOne(
        bench.write(name, bytes),
        registrationsProfile({ encoding: declared }),
      );
      expect(result, name).toMatchObject({
        status: "loaded",
        rowsRead: 2,
        rowsLoaded: 2,
        rowsQuarantined: 0,
      });
      expect(result.warnings, name).toContain(
        `${name}: starts with a ${mark} byte-order mark; read as ${mark}, not as the profile's ${declared}`,
      );
      const students = await bench.warehouse.all<{ student_key: string }>(
        "SELECT student_key FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(
        students.map((row) => row.student_key),
        name,
      ).toEqual(["Zoë", "Åsa"]);
    }
    // the mark the profile declares is no news (other bytes: the same file twice is loaded once)
    const declared = await bench.ingestOne(
      bench.write("declared-utf16.csv", Buffer.from(`${text}S3,C3,HT25,2025-09-01,-1,7.5\n`, "utf16le")),
      registrationsProfile({ encoding: "utf-16" }),
    );
    expect(declared).toMatchObject({ rowsLoaded: 3, warnings: [] });
  });

  it("a header the profile's csv.delimiter or csv.headerLine misses is found, with a warning", async () => {
    // the third row's date is bad: its quarantine line shows the rows are counted from the header found
    const rows = [
      "S1,C1,HT25,2025-08-30,-3,7.5",
      "S2,C2,HT25,2025-08-31,-2,15",
      "S3,C3,HT25,not a date,-1,7.5",
    ];
    const semicolons = (line: string) => line.replaceAll(",", ";");
    for (const [name, lines, profileCsv, warning, line] of [
      // saved again from Excel in a Swedish locale: ";" and a decimal comma
      [
        "excel-sv.csv",
        [HEADER, ...rows].map(semicolons).map((l) => l.replace(/;(\d+)\.(\d)$/, ";$1,$2")),
        { decimalComma: true },
        'its header is split by ";", not by the profile\'s "," (csv.delimiter); read with ";"',
        1,
      ],
      // the report's three lines above the header deleted by hand
      [
        "no-preamble.csv",
        [HEADER, ...rows],
        { headerLine: 4 },
        "the profile's columns are on line 1, not on line 4 (csv.headerLine 4); read from line 1",
        1,
      ],
      // a report that gained a line above its header
      [
        "one-more-line.csv",
        ["Rapport: registreringar", "Körd: 2025-10-01", "Urval: HT25", "Antal: 2", HEADER, ...rows],
        { headerLine: 4 },
        "the profile's columns are on line 5, not on line 4 (csv.headerLine 4); read from line 5",
        5,
      ],
    ] as const) {
      const result = await bench.ingestOne(
        bench.write(name, `${lines.join("\r\n")}\r\n`),
        registrationsProfile(profileCsv),
      );
      expect(result, name).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
      expect(result.warnings, name).toEqual([`${name}: ${warning}`]);
      const loaded = await bench.warehouse.all<{ student_key: string; credits: number }>(
        "SELECT student_key, credits::DOUBLE AS credits FROM raw.records__course_registrations WHERE _file_id = $1 ORDER BY _row",
        [result.fileId],
      );
      expect(loaded, name).toEqual([
        { student_key: "S1", credits: 7.5 },
        { student_key: "S2", credits: 15 },
      ]);
      expect(
        (await bench.quarantine(result.fileId)).map((q) => [q.line, q.column_name]),
        name,
      ).toEqual([[line + 3, "registered"]]);
    }
  });

  it("a header found nowhere else still fails at the profile's line, naming what is missing", async () => {
    // line 1 split by ";" holds one of the profile's six names, line 3 split by "|" two: fewer than half, so
    // neither is taken, and the message is the one it always was
    const path = bench.write("nowhere.csv", "title;student\nS1;C1\nstudent|course|x\n");
    await bench.expectRefused(
      path,
      /nowhere\.csv \(line 1, column "student"\): missing columns "student"/,
      profile,
    );
  });

  it("UTF-16 without a byte-order mark: refused with a hint, loaded when declared", async () => {
    const bytes = Buffer.from(csv(GOOD), "utf16le");
    const path = bench.write("utf16-nobom.csv", bytes);
    await bench.expectRefused(
      path,
      /utf16-nobom\.csv: not a delimited text file: .*UTF-16 without a byte-order mark/,
      profile,
    );
    const result = await bench.ingestOne(path, registrationsProfile({ encoding: "utf-16" }));
    expect(result).toMatchObject({ rowsRead: 1, rowsLoaded: 1 });
  });

  it("a stray quote inside an unquoted field is kept as a character", async () => {
    const result = await load("stray-quote.csv", csv('S2,C"1,HT25,2025-08-30,-3,7.5'));
    const course = await bench.warehouse.scalar(
      "SELECT course_code FROM raw.records__course_registrations WHERE _file_id = $1",
      [result.fileId],
    );
    expect(course).toBe('C"1');
  });

  it("a very long file (200,000 rows) loads in seconds", async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `S${i},C${i % 40},HT25,2025-08-30,${i % 30},7.5`);
    rows[123_456] = "S123456,C16,HT25,not a date,6,7.5";
    const path = bench.write("long.csv", `${[HEADER, ...rows].join("\n")}\n`);
    const started = performance.now();
    const result = await bench.ingestOne(path, profile);
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ rowsRead: 200_000, rowsLoaded: 199_999, rowsQuarantined: 1 });
    expect(await bench.quarantine(result.fileId)).toEqual([
      { line: 123_458, column_name: "registered", value: "not a date", reason: "bad_date" },
    ]);
    console.info(
      `200,000 rows in ${seconds.toFixed(2)} s: ${Math.round(200_000 / seconds).toLocaleString("en-GB")} rows/s`,
    );
    expect(seconds).toBeLessThan(15);
  });
});
