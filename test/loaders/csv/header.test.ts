import { describe, expect, it } from "vitest";
import { separatorHint } from "../../../loaders/csv/header.ts";

describe("separatorHint", () => {
  it("reads Excel's sep= line in the forms spreadsheets write it", () => {
    const cases: [string, string | null][] = [
      ["sep=;", ";"],
      ["sep=,", ","],
      ["sep=\t", "\t"],
      ['"sep=;"', ";"],
      ["\uFEFFsep=;", ";"],
      ["SEP=|", "|"],
      ["sep=;;;;;", ";"],
      ["sep=; ", ";"],
      // not a hint: data, a header, or a value that merely starts so
      ["sep=;x", null],
      ["separator=;", null],
      ["sep=", null],
      ["student;course", null],
      ['sep="', null],
    ];
    for (const [line, expected] of cases) expect(separatorHint(line), JSON.stringify(line)).toBe(expected);
  });
});
