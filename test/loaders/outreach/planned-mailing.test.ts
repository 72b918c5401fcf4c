import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PlannedMailingError, readPlannedMailing } from "../../../loaders/outreach/planned-mailing.ts";

const dir = mkdtempSync(join(tmpdir(), "slm-planned-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A planned file with these bytes (a string is written as UTF-8). */
function planned(content: string | Buffer): string {
  const path = join(dir, `planned-${++files}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Windows-1252 bytes of a text (the characters used here are all in it). */
function windows1252(text: string): Buffer {
  const high: Record<string, number> = { "–": 0x96, "€": 0x80 };
  return Buffer.from([...text].map((ch) => high[ch] ?? ch.charCodeAt(0)));
}

const row = (
  line: number,
  contactId: string,
  campaign: string | null,
  plannedAt = "2026-11-05 10:00:00",
) => ({
  line,
  contactId,
  department: "Admissions Office",
  campaign,
  purpose: null,
  plannedAt,
});

async function failure(path: string): Promise<string> {
  const error = await readPlannedMailing(path).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PlannedMailingError);
  return (error as Error).message;
}

describe("reading a planned mailing with the loaders' CSV reader", () => {
  it("numbers a record by the line it starts on when a quoted cell spans lines, skipping blank lines", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        'C1,Admissions Office,"AO\nfirst\r\nnote",2026-11-05 10:00\n' +
        "\n" +
        'C2,Admissions Office,"say ""hi""",2026-11-05 10:00\n' +
        'C3,Admissions Office,"AO\n\nlast",2026-11-05 10:00\n' +
        "C4,Admissions Office,,2026-11-05 10:00\n",
    );
    expect(await readPlannedMailing(path)).toEqual([
      // The loaders read a file whose lines end in two ways from an LF copy: the CRLF in the cell is LF.
      row(2, "C1", "AO\nfirst\nnote"),
      row(6, "C2", 'say "hi"'),
      row(7, "C3", "AO\n\nlast"),
      row(10, "C4", null),
    ]);
  });

  it("names the right line of a bad row below a multi-line cell", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        'C1,Admissions Office,"AO\nnote",2026-11-05 10:00\n' +
        "C2,Admissions Office,AO,2026-13-05 10:00\n",
    );
    expect(await failure(path)).toBe(
      `${path}: line 4, column PlannedAt: '2026-13-05 10:00' is not a date and time (YYYY-MM-DD HH:MM[:SS])`,
    );
  });

  it("reads past a BOM and CRLF line endings", async () => {
    const path = planned(
      "\uFEFFContactId,Department,Campaign,PlannedAt\r\nC1,Admissions Office,AO-1,2026-11-05 10:00\r\n",
    );
    expect(await readPlannedMailing(path)).toEqual([row(2, "C1", "AO-1")]);
  });

  it("reads a semicolon file, and one with Excel's sep= line above the header", async () => {
    const semicolon = planned(
      "ContactId;Department;Campaign;PlannedAt\nC1;Admissions Office;AO, autumn;2026-11-05 10:00\n",
    );
    expect(await readPlannedMailing(semicolon)).toEqual([row(2, "C1", "AO, autumn")]);
    const hinted = planned(
      "sep=;\nContactId;Department;Campaign;PlannedAt\nC1;Admissions Office;AO;2026-11-05\n",
    );
    expect(await readPlannedMailing(hinted)).toEqual([row(3, "C1", "AO", "2026-11-05 00:00:00")]);
  });

  it("decodes a Windows-1252 file: å, ä, ö in the campaign name, with and without a byte only 1252 has", async () => {
    const latin = planned(
      windows1252(
        "ContactId;Department;Campaign;PlannedAt\nC1;Admissions Office;Vår kampanj för ämnen och öar;2026-11-05 10:00\n",
      ),
    );
    expect(await readPlannedMailing(latin)).toEqual([row(2, "C1", "Vår kampanj för ämnen och öar")]);
    const cp1252 = planned(
      windows1252(
        "ContactId,Department,Campaign,PlannedAt\nC1,Admissions Office,Höst–vår å ä ö,2026-11-05 10:00\n",
      ),
    );
    expect(await readPlannedMailing(cp1252)).toEqual([row(2, "C1", "Höst–vår å ä ö")]);
  });

  it("counts the fields of a short row and of rows too long, even by one empty field", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        "C1,Admissions Office\n" +
        "C2,Admissions Office,AO,2026-11-05 10:00,\n" +
        "C3,Admissions Office,AO,2026-11-05 10:00,x,y\n" +
        "C4,Admissions Office,AO,2026-11-05 10:00\n",
    );
    expect(await failure(path)).toBe(
      [
        `${path}: line 2: 2 fields, the header has 4`,
        `${path}: line 3: 5 fields, the header has 4`,
        `${path}: line 4: 6 fields, the header has 4`,
      ].join("\n"),
    );
  });

  it("places the rows below a refused long record whose quoted cell spans lines", async () => {
    // DuckDB's parallel reader gives up on this file as a whole; the sequential one refuses the record.
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        "\n" +
        'C1,Admissions Office,"AO\nnote",2026-11-05 10:00,x,y\n' +
        "C2,Admissions Office,AO,2026-11-05 10:00\n" +
        "C3,Admissions Office,AO,not a time\n",
    );
    expect(await failure(path)).toBe(
      [
        `${path}: line 3: 6 fields, the header has 4`,
        `${path}: line 6, column PlannedAt: 'not a time' is not a date and time (YYYY-MM-DD HH:MM[:SS])`,
      ].join("\n"),
    );
  });

  it("refuses a stray quote inside a field, and reads on", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        'C1,Admissions Office,"AO"-1,2026-11-05 10:00\n' +
        "C2,Admissions Office,AO,2026-11-05 10:00\n" +
        "C3,,AO,2026-11-05 10:00\n",
    );
    expect(await failure(path)).toBe(
      [
        `${path}: line 2: a quote inside a field that is not quoted whole (quote the whole field, and write "" for a quote in it)`,
        `${path}: line 4, column Department: empty; name the sending department`,
      ].join("\n"),
    );
  });

  it("finds the header below blank lines", async () => {
    const path = planned("\n\nContactId,Department,PlannedAt\nC1,Admissions Office,2026-11-05 10:00\n");
    expect(await readPlannedMailing(path)).toEqual([row(4, "C1", null)]);
  });

  it("refuses a quoted field that is never closed, with the line it opens on", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        "C1,Admissions Office,AO,2026-11-05 10:00\n" +
        'C2,Admissions Office,"AO,2026-11-05 10:00\n' +
        "C3,Admissions Office,AO,2026-11-05 10:00\n",
    );
    expect(await failure(path)).toBe(`${path}: line 3: a quoted field is never closed`);
    const last = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        "C1,Admissions Office,AO,2026-11-05 10:00\n" +
        'C2,Admissions Office,"AO,2026-11-05 10:00\n',
    );
    expect(await failure(last)).toBe(`${last}: line 3: a quoted field is never closed`);
  });

  it("refuses a quote never closed in a file whose other quoted cells span lines", async () => {
    const path = planned(
      "ContactId,Department,Campaign,PlannedAt\n" +
        'C1,Admissions Office,"AO\nnote",2026-11-05 10:00\n' +
        'C2,Admissions Office,AO,"2026-11-05 10:00\n' +
        "C3,Admissions Office,AO,2026-11-05 10:00\n",
    );
    expect(await failure(path)).toBe(`${path}: line 4: a quoted field is never closed`);
  });

  it("says a file without any text is empty", async () => {
    expect(await failure(planned("\n\n"))).toBe(
      `${dir}/planned-${files}.csv: the file is empty; expected a header with ContactId, Department, PlannedAt`,
    );
  });
});
