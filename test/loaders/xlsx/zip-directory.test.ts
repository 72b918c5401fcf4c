import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { zipEntryNames } from "../../../loaders/xlsx/zip-directory.ts";
import { writeZip } from "./workbook-files.ts";

const dir = mkdtempSync(join(tmpdir(), "slm-zip-directory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("zipEntryNames", () => {
  it("lists every entry from the directory at the zip's end, in its order, UTF-8 names included", () => {
    const path = join(dir, "a.zip");
    const zip = writeZip([
      ["xl/worksheets/sheet1.xml", "<worksheet/>"],
      ["xl/workbook.xml", "<workbook/>"],
      ["docs/Närvaro.xml", "x".repeat(5000)],
    ]);
    // a zip comment after the directory's end record, as some writers add
    writeFileSync(
      path,
      Buffer.concat([zip.subarray(0, zip.length - 2), Buffer.from([4, 0]), Buffer.from("note")]),
    );
    expect(zipEntryNames(path)).toEqual(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docs/Närvaro.xml"]);
  });

  it("gives null for a file that is not a zip, or whose directory points past its end", () => {
    const text = join(dir, "a.csv");
    writeFileSync(text, "student,course\nS1,C1\n");
    expect(zipEntryNames(text)).toBeNull();
    const cut = join(dir, "cut.zip");
    const zip = writeZip([["xl/workbook.xml", "<workbook/>"]]);
    zip.writeUInt32LE(zip.length, zip.length - 6);
    writeFileSync(cut, zip);
    expect(zipEntryNames(cut)).toBeNull();
  });
});
