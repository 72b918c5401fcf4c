import { describe, expect, it } from "vitest";
import { encodeWindows1252 } from "../../loaders/encoding/windows1252.ts";
import { LoaderBench, registrationsProfile } from "./harness.ts";

const HEADER = "student,course,term,registered,day,credits";
const GOOD = "S1,C1,HT25,2025-08-30,-3,7.5";
/** A record the reader yields whose date is bad: quarantined by the loader (its line is counted). */
const BAD_DATE = "S2,C1,HT25,not a date,-3,7.5";
/** A record the reader refuses (too many fields): its line is DuckDB's. */
const TOO_WIDE = "S3,C1,HT25,2025-08-30,-3,7.5,x,y";
/** A record whose course note spans three lines. */
const MULTI_LINE = 'S4,"Course\nnote on\nthree lines",HT25,2025-08-30,-3,7.5';

/**
 * Every quarantined record names the physical line it starts on, as an editor numbers the file's lines:
 * the header, a `sep=` line, metadata above the header, empty lines and line breaks inside quoted
 * cells all count. DuckDB's numbering counts neither a quoted cell's line breaks nor, for a record it
 * yields, the empty lines above it.
 */
describe("quarantined lines are the file's own", () => {
  const bench = LoaderBench.forSuite();
  const profile = registrationsProfile();

  const quarantined = async (name: string, content: string | Uint8Array, p = profile) => {
    const result = await bench.ingestOne(bench.write(name, content), p);
    return (await bench.quarantine(result.fileId)).map((q) => [q.line, q.reason]);
  };

  it("empty lines above a bad record", async () => {
    const lines = [HEADER, GOOD, "", "", BAD_DATE, GOOD, "", TOO_WIDE, ""];
    expect(await quarantined("blank-lines.csv", lines.join("\n"))).toEqual([
      [5, "bad_date"],
      [8, "malformed_line:too_many_columns"],
    ]);
  });

  it("a quoted cell spanning three lines above a bad record", async () => {
    const lines = [HEADER, GOOD, MULTI_LINE, BAD_DATE, ""];
    expect(await quarantined("multi-line.csv", lines.join("\n"))).toEqual([[6, "bad_date"]]);
  });

  it("a refused record (too many fields) below a multi-line cell, and a bad one below it", async () => {
    const lines = [HEADER, MULTI_LINE, TOO_WIDE, BAD_DATE, ""];
    expect(await quarantined("refused-below.csv", lines.join("\n"))).toEqual([
      [5, "malformed_line:too_many_columns"],
      [6, "bad_date"],
    ]);
  });

  it("a refused record above a multi-line cell: the file loads (the parallel reader failed it whole)", async () => {
    const lines = [HEADER, TOO_WIDE, 'S4,"C\n1",HT25,2025-08-30,-3,7.5', BAD_DATE, ""];
    expect(await quarantined("refused-above.csv", lines.join("\n"))).toEqual([
      [2, "malformed_line:too_many_columns"],
      [5, "bad_date"],
    ]);
  });

  it("CRLF line endings, inside the quoted cell too", async () => {
    const lines = [HEADER, GOOD, MULTI_LINE.replaceAll("\n", "\r\n"), "", BAD_DATE, TOO_WIDE, ""];
    expect(await quarantined("crlf.csv", lines.join("\r\n"))).toEqual([
      [7, "bad_date"],
      [8, "malformed_line:too_many_columns"],
    ]);
  });

  it("a BOM", async () => {
    const lines = [HEADER, MULTI_LINE, "", BAD_DATE, TOO_WIDE, ""];
    expect(await quarantined("bom.csv", `\uFEFF${lines.join("\n")}`)).toEqual([
      [6, "bad_date"],
      [7, "malformed_line:too_many_columns"],
    ]);
  });

  it("Excel's sep=; line", async () => {
    const lines = [
      "sep=;",
      ...[HEADER, GOOD, "", MULTI_LINE, BAD_DATE, TOO_WIDE].map((l) => l.replaceAll(",", ";")),
      "",
    ];
    expect(await quarantined("sep.csv", lines.join("\n"))).toEqual([
      [8, "bad_date"],
      [9, "malformed_line:too_many_columns"],
    ]);
  });

  it("metadata lines above the header (csv.headerLine)", async () => {
    const lines = [
      "Registrations report",
      "",
      "Generated 2025-09-01",
      HEADER,
      GOOD,
      "",
      MULTI_LINE,
      BAD_DATE,
      TOO_WIDE,
      "",
    ];
    const withMetadata = registrationsProfile({ headerLine: 4 });
    expect(await quarantined("metadata.csv", lines.join("\n"), withMetadata)).toEqual([
      [10, "bad_date"],
      [11, "malformed_line:too_many_columns"],
    ]);
  });

  it("a Windows-1252 file (read from its UTF-8 copy), CRLF", async () => {
    const lines = [
      HEADER,
      "Zoë’s,C1,HT25,2025-08-30,-3,7.5",
      "",
      MULTI_LINE.replaceAll("\n", "\r\n"),
      BAD_DATE,
      TOO_WIDE,
      "",
    ];
    expect(await quarantined("cp1252.csv", encodeWindows1252(lines.join("\r\n")))).toEqual([
      [7, "bad_date"],
      [8, "malformed_line:too_many_columns"],
    ]);
  });

  it("a file refused for a quote that never closes names its line below a multi-line cell", async () => {
    const lines = [HEADER, MULTI_LINE, "", 'S5,"C1,HT25,2025-08-30,-3,7.5', GOOD, GOOD, ""];
    await bench.expectRefused(
      bench.write("runaway.csv", lines.join("\n")),
      /^runaway\.csv \(line 6\): unterminated quote/,
      profile,
    );
  });
});
